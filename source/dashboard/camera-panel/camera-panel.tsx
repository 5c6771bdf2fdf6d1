import {Box, Text} from 'ink';
import {memo} from 'react';
import {formatBytes} from '../../core/format.js';
import type {CameraView} from '../dashboard-model.js';
import {ago, clock} from '../format-time.js';
import {Preview} from '../preview/preview.js';
import type {PreviewCache} from '../preview/preview-cache.js';
import {batteryView} from '../battery.js';
import {sparkline} from '../sparkline.js';
import {batteryFlag} from '../camera-state/camera-state.js';
import {CameraStateText} from '../camera-state/camera-state-text.js';
import {CameraHealthLine} from './camera-health-line.js';
import {TickingText} from '../ticking-text/ticking-text.js';

export interface CameraPanelProps {
	camera: CameraView;
	width: number;
	previewRows: number;
	selected: boolean;
	previews: PreviewCache;
}

/** Rendered again only when its camera's view, size or selection changed (the time it shows changes alone: see TickingText). */
export const CameraPanel = memo(function CameraPanel({camera, width, previewRows, selected, previews}: CameraPanelProps) {
	const inner = width - 4;
	return (
		<Box flexDirection="column" width={width} borderStyle="round" borderColor={selected ? 'cyan' : camera.health?.overdue ? 'red' : 'gray'} paddingX={1}>
			<Box justifyContent="space-between">
				<Text wrap="truncate" bold color={selected ? 'cyan' : undefined}>
					{camera.name ? `${camera.name} ` : ''}
					<Text dimColor={Boolean(camera.name)}>{camera.macText}</Text>
				</Text>
				<Battery camera={camera} />
			</Box>
			<CameraStateText camera={camera} variant="panel" />
			<Text wrap="truncate">
				<Text color="green">✔ verified {camera.images.verified}</Text> · unverified {camera.images.unverified}
			</Text>
			<Text wrap="truncate">
				<Text color={camera.images.incomplete > 0 ? 'yellow' : undefined}>✘ incomplete {camera.images.incomplete}</Text> ·{' '}
				<Text color={camera.gaps > 0 ? 'yellow' : undefined}>gaps {camera.gaps}</Text>
				{camera.missingFrames > 0 ? ` (${camera.missingFrames} lost)` : ''}
			</Text>
			<Text wrap="truncate">
				frames {camera.frames} · <Text color={camera.checksumErrors > 0 ? 'red' : undefined}>checksum errors {camera.checksumErrors}</Text>
			</Text>
			<Text wrap="truncate">
				<LastHeard camera={camera} />
			</Text>
			<Text wrap="truncate">
				{formatBytes(Math.round(camera.throughput))}/s <Text color="cyan">{sparkline(camera.history)}</Text>
			</Text>
			<CameraHealthLine health={camera.health} />
			{previewRows > 0 ? <Preview cache={previews} file={camera.lastImagePath} width={inner} height={previewRows} /> : null}
		</Box>
	);
});

function LastHeard({camera}: {camera: CameraView}) {
	const {lastImageAt} = camera;
	if (lastImageAt !== undefined)
		return (
			<>
				last <TickingText text={now => `${clock(lastImageAt)} (${ago(lastImageAt, now)})`} />
			</>
		);
	const heard = camera.health?.lastHeardAt;
	return <>last {heard === undefined ? '—' : <TickingText text={now => `seen ${ago(heard, now)}`} />}</>;
}

function Battery({camera}: {camera: CameraView}) {
	const battery = batteryView(camera.batteryReading, camera.batteryPercent, camera.batteryInRange);
	if (!battery) return null;
	const flag = batteryFlag(camera);
	// A flag takes the gauge's place: the title has little room.
	if (flag) {
		return (
			<Text color="red" bold>
				{battery.text} {flag}
			</Text>
		);
	}

	return (
		<Text color={battery.colour}>
			{battery.text} {'▮'.repeat(battery.filled)}
			<Text dimColor>{'▯'.repeat(5 - battery.filled)}</Text>
		</Text>
	);
}
