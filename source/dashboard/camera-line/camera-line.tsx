import {Box, Text} from 'ink';
import {memo, type ReactElement} from 'react';
import {formatBytes} from '../../core/format.js';
import type {CameraView} from '../dashboard-model.js';
import {batteryView} from '../battery.js';
import {ago, clock} from '../format-time.js';
import {batteryFlag} from '../camera-state/camera-state.js';
import {CameraStateText} from '../camera-state/camera-state-text.js';
import {TickingText} from '../ticking-text/ticking-text.js';
import {useTickValue} from '../ticking-text/use-tick-value.js';

export interface CameraLineProps {
	camera: CameraView;
	width: number;
	/** 2 or 3: state, then the counts on the lines left (as many as they need); 1: all of it on one line. */
	lines: 1 | 2 | 3;
	selected: boolean;
}

/** A camera in one to three lines, for terminals too small for panels: name or MAC, state, last image, counts. */
export const CameraLine = memo(function CameraLine({camera, width, lines, selected}: CameraLineProps) {
	const label = camera.name ?? camera.macText;
	const good = camera.images.verified + camera.images.unverified;
	const battery = batteryView(camera.batteryReading, camera.batteryPercent, camera.batteryInRange);
	const lastAt = lastText(camera, lines);
	// How wide it is decides how the details wrap: laid out again when that changes (9 s → 10 s).
	const lastWidth = useTickValue(now => lastAt(now).length);
	const last = <TickingText dimColor={lines === 1} text={lastAt} />;
	const lossHour = camera.health?.lossHour;
	const flag = batteryFlag(camera);
	const mark = <Text color="cyan">{selected ? '▸ ' : '  '}</Text>;
	if (lines === 1) {
		return (
			<Box width={width} height={1}>
				<Text wrap="truncate">
					{mark}
					<Text bold={selected}>{label}</Text> <CameraStateText camera={camera} variant="short" /> <Text color="green">✔{good}</Text>{' '}
					<Text color={camera.images.incomplete > 0 ? 'yellow' : undefined}>✘{camera.images.incomplete}</Text> {last}
				</Text>
			</Box>
		);
	}

	const details: Detail[] = [
		{text: last, width: lastWidth},
		...(lossHour === undefined ? [] : [{text: `loss 1h ${Math.round(lossHour * 100)}%`}]),
		{text: `✔ ${camera.images.verified}`, color: 'green'},
		{text: `unverified ${camera.images.unverified}`},
		{text: `✘ ${camera.images.incomplete}`, color: camera.images.incomplete > 0 ? 'yellow' : undefined},
		{text: `gaps ${camera.gaps}`},
		{text: `frames ${camera.frames}`},
		...(camera.checksumErrors > 0 ? [{text: `checksum errors ${camera.checksumErrors}`, color: 'red'}] : []),
		{text: `${formatBytes(Math.round(camera.throughput))}/s`},
	];
	const rows = wrapDetails(details, width - INDENT.length, lines - 1);
	return (
		<Box flexDirection="column" width={width} height={1 + rows.length}>
			<Text wrap="truncate">
				{mark}
				<Text bold={selected}>{label}</Text>
				{camera.name ? <Text dimColor> {camera.macText}</Text> : null} <CameraStateText camera={camera} variant="line" />
				{battery ? ` · ${battery.text}` : ''}
				{flag ? <Text color="red"> {flag}</Text> : null}
			</Text>
			{rows.map((row, index) => (
				<Text key={index} wrap="truncate">
					{INDENT}
					{row.map((detail, at) => (
						<Text key={at}>
							{at > 0 ? ' · ' : ''}
							<Text color={detail.color}>{detail.text}</Text>
						</Text>
					))}
				</Text>
			))}
		</Box>
	);
});

const INDENT = '  ';

interface Detail {
	text: string | ReactElement;
	/** Cells `text` takes when it is an element (a TickingText). */
	width?: number;
	color?: string;
}

/** When the camera was last heard of, as time goes by: `7 s ago` in one line, else `last 04:45:57 (7 s ago)`, `last seen 3 min ago`. */
function lastText(camera: CameraView, lines: number): (now: number) => string {
	const {lastImageAt} = camera;
	const heard = camera.health?.lastHeardAt;
	if (lastImageAt !== undefined) return lines === 1 ? now => ago(lastImageAt, now) : now => `last ${clock(lastImageAt)} (${ago(lastImageAt, now)})`;
	return heard === undefined ? () => 'no image yet' : now => `last seen ${ago(heard, now)}`;
}

const widthOf = (detail: Detail) => detail.width ?? (detail.text as string).length;

/** The details in at most `rows` rows of `width` columns, whole where they fit; the last row takes the rest (and is cut). */
function wrapDetails(details: Detail[], width: number, rows: number): Detail[][] {
	const wrapped: Detail[][] = [[]];
	let used = 0;
	for (const detail of details) {
		const row = wrapped.at(-1)!;
		const need = (row.length > 0 ? 3 : 0) + widthOf(detail);
		if (row.length > 0 && used + need > width && wrapped.length < rows) {
			wrapped.push([detail]);
			used = widthOf(detail);
		} else {
			row.push(detail);
			used += need;
		}
	}

	return wrapped;
}
