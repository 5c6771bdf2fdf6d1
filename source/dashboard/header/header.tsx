import {Box, Text} from 'ink';
import {formatBytes} from '../../core/format.js';
import type {DashboardSnapshot, PortView} from '../dashboard-model.js';
import {duration} from '../format-time.js';
import {useTicks} from '../now-context.js';
import {TickingText} from '../ticking-text/ticking-text.js';
import {useTickValue} from '../ticking-text/use-tick-value.js';
import {fitPieces, KEEP, type Part, type Piece} from './fit-pieces.js';
import {sinkReasonPieces, sinkStatePieces} from './sink-states.js';

const SEPARATOR: Part = {text: ' · ', dim: true};

const PORT_COLOURS: Record<PortView['state'], string> = {
	connected: 'green',
	demo: 'green',
	replay: 'green',
	opening: 'yellow',
	waiting: 'yellow',
	reconnecting: 'yellow',
	closed: 'gray',
};

/** Said only when the --record file has had a problem; before the port, whose name and detail can be long. */
function recordPieces(record: DashboardSnapshot['record']): Piece[] {
	if (!record) return [];
	if (record.state === 'failing') return [{keep: KEEP.always, parts: [SEPARATOR, {text: '● record failing', color: 'red'}]}];
	return record.lostBytes > 0 ? [{keep: KEEP.always, parts: [SEPARATOR, {text: `record not byte-exact (${formatBytes(record.lostBytes)} missing)`, color: 'yellow'}]}] : [];
}

/** A relay's state and port; with `detail`, why it is not connected. */
function relayPieces(relay: PortView, detail?: string): Piece[] {
	const pieces: Piece[] = [
		{keep: KEEP.always, parts: [SEPARATOR, {text: `● ${relay.state}`, color: PORT_COLOURS[relay.state]}]},
		{keep: KEEP.relayName, parts: [{text: ` ${relay.name}`}]},
	];
	// Another program has the port open: said with the state, as it takes bytes meant for us.
	if (relay.sharedWith) pieces.push({keep: KEEP.relayName, parts: [{text: ` shared with ${relay.sharedWith}`, color: 'yellow'}]});
	if (detail) pieces.push({keep: KEEP.reason, parts: [{text: detail, dim: true}]});
	return pieces;
}

/**
 * The first line: states first (the relays', then the outputs'), reasons
 * after. When it is short, reasons give way first; every state stays in sight.
 */
function firstLinePieces(snapshot: DashboardSnapshot, uptime: Part): Piece[] {
	const {port, relays, sinks} = snapshot;
	const ports = relays ? relays.flatMap(relay => relayPieces(relay, relay.detail && relay.state !== 'connected' ? ` (${relay.detail})` : undefined)) : relayPieces(port);
	return [
		{keep: KEEP.always, parts: [{text: 'esp-cam-monitor', bold: true, color: 'cyan'}]},
		{keep: KEEP.uptime, parts: [uptime]},
		...recordPieces(snapshot.record),
		...ports,
		...sinkStatePieces(sinks),
		...(!relays && port.detail ? [{keep: KEEP.reason, parts: [{text: ` · ${port.detail}`, dim: true}]}] : []),
		...sinkReasonPieces(sinks),
	];
}

export function Header({snapshot, width}: {snapshot: DashboardSnapshot; width: number}) {
	const {totals, startedAt} = snapshot;
	const ticks = useTicks();
	const uptimeAt = (now: number) => ` · up ${duration(now - startedAt)}`;
	// Its width decides what fits on the line: the header is laid out again when it changes (9:59:59 → 10:00:00).
	useTickValue(now => uptimeAt(now).length);
	const uptime: Part = {text: uptimeAt(ticks.now()), dim: true, ticking: uptimeAt};
	return (
		<Box flexDirection="column" width={width} height={2} flexShrink={0}>
			<Text wrap="truncate">
				{fitPieces(firstLinePieces(snapshot, uptime), width).map((piece, index) =>
					piece.parts.map((part, at) =>
						part.ticking ? (
							<TickingText key={`${index}.${at}`} color={part.color} dimColor={part.dim} bold={part.bold} text={part.ticking} />
						) : (
							<Text key={`${index}.${at}`} color={part.color} dimColor={part.dim} bold={part.bold}>
								{part.text}
							</Text>
						),
					),
				)}
			</Text>
			<Text wrap="truncate">
				{snapshot.overdue ? (
					<Text color="red" bold>
						{snapshot.overdue} overdue ·{' '}
					</Text>
				) : null}
				images <Text color="green">{totals.imagesGood} good</Text> / <Text color={totals.imagesIncomplete > 0 ? 'yellow' : undefined}>{totals.imagesIncomplete} incomplete</Text> ·{' '}
				{totals.frames} frames · {formatBytes(totals.bytes)} · {formatBytes(Math.round(snapshot.rate))}/s
				{totals.checksumErrors > 0 ? <Text color="red"> · {totals.checksumErrors} checksum errors</Text> : null}
				{totals.writeErrors > 0 ? <Text color="red"> · {totals.writeErrors} write errors</Text> : null}
				{totals.imagesDuplicate > 0 ? <Text dimColor> · {totals.imagesDuplicate} heard twice</Text> : null}
				<Text dimColor> · → {snapshot.outDir}</Text>
			</Text>
		</Box>
	);
}
