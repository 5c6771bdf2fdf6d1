import {Box, Text} from 'ink';
import {formatBytes} from '../../headless/format.js';
import type {CameraView} from '../ingest-tracker.js';
import {batteryView} from '../battery.js';
import {ago, clock} from '../format-time.js';
import {batteryFlag} from '../camera-state/camera-state.js';
import {CameraStateText} from '../camera-state/camera-state-text.js';

export interface CameraLineProps {
	camera: CameraView;
	now: number;
	width: number;
	/** 2: state and counts on lines of their own; 1: all of it on one line. */
	lines: 1 | 2;
	selected: boolean;
}

/** A camera in one or two lines, for terminals too small for panels: name or MAC, state, last image, counts. */
export function CameraLine({camera, now, width, lines, selected}: CameraLineProps) {
	const label = camera.name ?? camera.macText;
	const good = camera.images.verified + camera.images.unverified;
	const battery = batteryView(camera.batteryReading, camera.voltage, camera.batteryInRange);
	const heard = camera.health?.lastHeardAt;
	const last =
		camera.lastImageAt !== undefined
			? lines === 2
				? `last ${clock(camera.lastImageAt)} (${ago(camera.lastImageAt, now)})`
				: ago(camera.lastImageAt, now)
			: heard === undefined
					? 'no image yet'
					: `last seen ${ago(heard, now)}`;
	const lossHour = camera.health?.lossHour;
	const flag = batteryFlag(camera);
	const mark = <Text color="cyan">{selected ? '▸ ' : '  '}</Text>;
	if (lines === 1) {
		return (
			<Box width={width} height={1}>
				<Text wrap="truncate">
					{mark}
					<Text bold={selected}>{label}</Text> <CameraStateText camera={camera} variant="short" /> <Text color="green">✔{good}</Text>{' '}
					<Text color={camera.images.incomplete > 0 ? 'yellow' : undefined}>✘{camera.images.incomplete}</Text> <Text dimColor>{last}</Text>
				</Text>
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={width} height={2}>
			<Text wrap="truncate">
				{mark}
				<Text bold={selected}>{label}</Text>
				{camera.name ? <Text dimColor> {camera.macText}</Text> : null} <CameraStateText camera={camera} variant="line" />
				{battery ? ` · ${battery.text}` : ''}
				{flag ? <Text color="red"> {flag}</Text> : null}
			</Text>
			<Text wrap="truncate">
				{'  '}
				{last}
				{lossHour === undefined ? '' : ` · loss 1h ${Math.round(lossHour * 100)}%`} · <Text color="green">✔ {camera.images.verified}</Text> · unverified {camera.images.unverified} ·{' '}
				<Text color={camera.images.incomplete > 0 ? 'yellow' : undefined}>✘ {camera.images.incomplete}</Text> · gaps {camera.gaps} · frames {camera.frames}
				{camera.checksumErrors > 0 ? <Text color="red"> · checksum errors {camera.checksumErrors}</Text> : null} ·{' '}
				{formatBytes(Math.round(camera.throughput))}/s
			</Text>
		</Box>
	);
}

