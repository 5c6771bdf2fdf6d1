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

/**
 * Rendered again only when its camera's view, size or selection changed (the
 * time it shows changes alone: see TickingText). Its lines are rendered again
 * each only when what it shows changed: a sending camera's rate moves every
 * second, its counts and the rest seldom.
 */
export const CameraPanel = memo(function CameraPanel({camera, width, previewRows, selected, previews}: CameraPanelProps) {
	const inner = width - 4;
	const {images} = camera;
	return (
		<Box flexDirection="column" width={width} borderStyle="round" borderColor={selected ? 'cyan' : camera.health?.overdue ? 'red' : 'gray'} paddingX={1}>
			<Box justifyContent="space-between">
				<Title name={camera.name} macText={camera.macText} selected={selected} />
				<Battery reading={camera.batteryReading} percent={camera.batteryPercent} inRange={camera.batteryInRange} flag={batteryFlag(camera)} />
			</Box>
			<CameraStateText camera={camera} variant="panel" />
			<Images verified={images.verified} unverified={images.unverified} />
			<Losses incomplete={images.incomplete} gaps={camera.gaps} missingFrames={camera.missingFrames} />
			<Frames frames={camera.frames} checksumErrors={camera.checksumErrors} />
			<LastHeard lastImageAt={camera.lastImageAt} lastHeardAt={camera.health?.lastHeardAt} />
			<Rate throughput={formatBytes(Math.round(camera.throughput))} sparkline={sparkline(camera.history)} />
			<CameraHealthLine health={camera.health} />
			{previewRows > 0 ? <Preview cache={previews} file={camera.lastImagePath} width={inner} height={previewRows} /> : null}
		</Box>
	);
});

const Title = memo(function Title({name, macText, selected}: {name?: string; macText: string; selected: boolean}) {
	return (
		<Text wrap="truncate" bold color={selected ? 'cyan' : undefined}>
			{name ? `${name} ` : ''}
			<Text dimColor={Boolean(name)}>{macText}</Text>
		</Text>
	);
});

const Images = memo(function Images({verified, unverified}: {verified: number; unverified: number}) {
	return (
		<Text wrap="truncate">
			<Text color="green">✔ verified {verified}</Text> · unverified {unverified}
		</Text>
	);
});

const Losses = memo(function Losses({incomplete, gaps, missingFrames}: {incomplete: number; gaps: number; missingFrames: number}) {
	return (
		<Text wrap="truncate">
			<Text color={incomplete > 0 ? 'yellow' : undefined}>✘ incomplete {incomplete}</Text> · <Text color={gaps > 0 ? 'yellow' : undefined}>gaps {gaps}</Text>
			{missingFrames > 0 ? ` (${missingFrames} lost)` : ''}
		</Text>
	);
});

const Frames = memo(function Frames({frames, checksumErrors}: {frames: number; checksumErrors: number}) {
	return (
		<Text wrap="truncate">
			frames {frames} · <Text color={checksumErrors > 0 ? 'red' : undefined}>checksum errors {checksumErrors}</Text>
		</Text>
	);
});

const Rate = memo(function Rate({throughput, sparkline}: {throughput: string; sparkline: string}) {
	return (
		<Text wrap="truncate">
			{throughput}/s <Text color="cyan">{sparkline}</Text>
		</Text>
	);
});

const LastHeard = memo(function LastHeard({lastImageAt, lastHeardAt}: {lastImageAt?: number; lastHeardAt?: number}) {
	if (lastImageAt !== undefined) {
		return (
			<Text wrap="truncate">
				last <TickingText text={now => `${clock(lastImageAt)} (${ago(lastImageAt, now)})`} />
			</Text>
		);
	}

	return <Text wrap="truncate">last {lastHeardAt === undefined ? '—' : <TickingText text={now => `seen ${ago(lastHeardAt, now)}`} />}</Text>;
});

const Battery = memo(function Battery({reading, percent, inRange, flag}: {reading?: string; percent?: number; inRange?: boolean; flag?: string}) {
	const battery = batteryView(reading, percent, inRange);
	if (!battery) return null;
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
});
