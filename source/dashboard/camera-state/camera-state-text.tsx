import {Text} from 'ink';
import {formatBytes} from '../../core/format.js';
import {formatDuration} from '../../core/health/interval-text.js';
import type {CameraView} from '../dashboard-model.js';
import {cameraState} from './camera-state.js';

/**
 * The camera's state in words: `panel` the most (the interval it is overdue
 * against), `line` the compact list's, `short` a mark and a number.
 */
export function CameraStateText({camera, variant}: {camera: CameraView; variant: 'panel' | 'line' | 'short'}) {
	const state = cameraState(camera);
	const short = variant === 'short';
	switch (state.kind) {
		case 'overdue': {
			const expected = variant === 'panel' && state.intervalMs !== undefined ? ` · expected every ${formatDuration(state.intervalMs)}` : '';
			return (
				<Text wrap="truncate" color="red" bold={variant === 'panel'}>
					● overdue{expected}
				</Text>
			);
		}

		case 'never-seen':
			return <Text dimColor>○{short ? '' : ' never seen'}</Text>;
		case 'receiving':
			return (
				<Text wrap="truncate" color="yellow">
					● {short ? `${state.chunks}` : `receiving ${state.chunks} chunks, ${formatBytes(state.bytes)}`}
				</Text>
			);
		case 'idle':
			if (short) return <Text dimColor>○</Text>;
			if (!state.last) return <Text dimColor>○ idle</Text>;
			return (
				<Text wrap="truncate">
					<Text dimColor>○ idle · last </Text>
					<Text color={state.last.good ? 'green' : 'yellow'}>{state.last.text}</Text>
				</Text>
			);
	}
}
