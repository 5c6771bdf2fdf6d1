import {Box, Text} from 'ink';
import type {Key} from '../../terminal/key-parser.js';
import type {ViewAction} from '../view-state.js';
import type {PortView} from '../dashboard-model.js';
import {helpRows, KEY_COLUMNS, type HelpRow} from './help-rows.js';

/** The border (2 columns, 2 rows), the padding (2 columns each side) and the status line. */
const FRAME_COLUMNS = 6;
const FRAME_ROWS = 3;

/** The help's rows for a body of `width` x `height`, how many show at once, and how far it scrolls. */
export interface HelpLayout {
	rows: HelpRow[];
	visible: number;
	maxOffset: number;
}

export function helpLayout(width: number, height: number, portProblem?: PortView, previews?: string): HelpLayout {
	const rows = helpRows(Math.max(1, width - FRAME_COLUMNS), portProblem, previews);
	const visible = Math.max(1, height - FRAME_ROWS);
	return {rows, visible, maxOffset: Math.max(0, rows.length - visible)};
}

/** ↑↓ PgUp PgDn Home End scroll the help; undefined for the keys it does not use. */
export function helpScrollAction(key: Key, {visible, maxOffset}: HelpLayout): ViewAction | undefined {
	const page = Math.max(1, visible - 1);
	const delta = {up: -1, down: 1, pageup: -page, pagedown: page, home: -Infinity, end: Infinity}[key.name as string];
	return delta === undefined ? undefined : {type: 'help-scroll', delta, max: maxOffset};
}

export interface HelpOverlayProps {
	height: number;
	width: number;
	help: HelpLayout;
	/** The first row shown. */
	offset: number;
}

/** The keys, the port's trouble in full (the header has room for its start only), where images go; scrolled when taller than the screen. */
export function HelpOverlay({height, width, help, offset}: HelpOverlayProps) {
	const first = Math.max(0, Math.min(offset, help.maxOffset));
	const shown = help.rows.slice(first, first + help.visible);
	const status = help.maxOffset === 0 ? 'Esc closes' : `↑↓ PgUp PgDn Home End scroll · rows ${first + 1}–${first + shown.length} of ${help.rows.length} · Esc closes`;
	return (
		<Box flexDirection="column" height={height} width={width} borderStyle="round" borderColor="cyan" paddingX={2} overflow="hidden">
			{shown.map((row, index) => (
				<HelpLine key={first + index} row={row} />
			))}
			<Box flexGrow={1} />
			<Text wrap="truncate" dimColor>
				{status}
			</Text>
		</Box>
	);
}

function HelpLine({row}: {row: HelpRow}) {
	if (row.key === undefined) {
		return (
			<Text wrap="truncate" bold={row.style === 'title'} color={row.style === 'problem' ? 'yellow' : undefined} dimColor={row.style === 'dim'}>
				{row.text === '' ? ' ' : row.text}
			</Text>
		);
	}

	return (
		<Box flexShrink={0}>
			<Box width={KEY_COLUMNS} flexShrink={0}>
				<Text bold color="cyan">
					{row.key}
				</Text>
			</Box>
			<Text wrap="truncate">{row.text}</Text>
		</Box>
	);
}
