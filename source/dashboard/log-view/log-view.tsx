import {Box, Text} from 'ink';
import type {MacNumber} from '../../core/protocol/mac.js';
import type {LogLine} from '../dashboard-model.js';
import type {LogBuffer} from './log-buffer.js';
import {LogRow} from './log-row-view.js';
import {newSincePause, placeOf, visibleLines} from './log-scroll.js';
import type {LogViewModel} from './log-view-model.js';

export interface LogViewProps {
	buffer: LogBuffer<unknown>;
	/** A kept line in words. */
	lineOf: (id: number) => LogLine | undefined;
	model: LogViewModel;
	/** The selected camera (the filter's), with the name it is shown by. */
	camera?: {mac: MacNumber; label: string};
	width: number;
	height: number;
	debug: boolean;
}

/** The full-screen log: as many lines as fit (only those are put into words), and a status line or the search prompt. */
export function LogView({buffer, lineOf, model, camera, width, height, debug}: LogViewProps) {
	const rows = Math.max(0, height - 1);
	const filter = model.filter(camera?.mac);
	const ids = visibleLines(buffer, model.scroll, rows, filter);
	const highlight = model.search && new RegExp(model.search.pattern.source, 'giu');
	const empty =
		filter !== undefined && camera ? `no lines about ${camera.label} yet` : debug ? 'no lines yet, waiting for frames…' : 'no lines yet: relay text and events will appear here';
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Box flexDirection="column" height={rows} flexShrink={0} overflow="hidden">
				{ids.length === 0 ? <Text dimColor>{empty}</Text> : null}
				{ids.map(id => (
					<LogRow key={id} line={lineOf(id)} highlight={highlight} current={id === model.search?.current} />
				))}
			</Box>
			{model.prompt === undefined ? (
				<Text inverse wrap="truncate">
					{statusLine(buffer, model, ids[0], camera).padEnd(width)}
				</Text>
			) : (
				<Text wrap="truncate">
					<Text bold color="cyan">
						/
					</Text>
					{promptTail(model.prompt, width - 2)}
					<Text inverse> </Text>
					<Text dimColor> Enter search · Esc cancel</Text>
				</Text>
			)}
		</Box>
	);
}

/** The end of a prompt longer than the room it has: what is being typed stays in sight. */
function promptTail(prompt: string, room: number): string {
	const characters = [...prompt];
	return characters.length <= room ? prompt : `…${characters.slice(characters.length - room + 1).join('')}`;
}

/** `following · lines 1–20 of 312 · only porch · "EOF"`, or `paused, 12 new · …`. */
export function statusLine(buffer: LogBuffer<unknown>, model: LogViewModel, top: number | undefined, camera?: {mac: MacNumber; label: string}): string {
	const filter = model.filter(camera?.mac);
	const {place, total} = placeOf(buffer, top, filter);
	const parts = [model.scroll.follow ? 'following' : `paused, ${newSincePause(buffer, model.scroll, filter)} new`];
	parts.push(total === 0 ? 'no lines' : `line ${place} of ${total}`);
	if (model.cameraOnly) parts.push(camera ? `only ${camera.label} (f: all)` : 'no camera to show alone yet');
	if (model.notFound !== undefined) parts.push(`no match for "${model.notFound}"`);
	else if (model.search) parts.push(`"${model.search.query}"${model.search.wrapped ? ' (wrapped round)' : ''} n/N`);
	return ` ${parts.join(' · ')}`;
}
