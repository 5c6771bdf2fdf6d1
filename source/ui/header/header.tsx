import {Box, Text} from 'ink';
import {formatBytes} from '../../headless/format.js';
import type {DashboardSnapshot, PortView} from '../ingest-tracker.js';
import {duration} from '../format-time.js';
import {SinkReasons, SinkStates} from './sink-states.js';

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
function RecordState({record}: {record: DashboardSnapshot['record']}) {
	if (!record) return null;
	if (record.state === 'failing') return <Text color="red">● record failing · </Text>;
	return record.lostBytes > 0 ? <Text color="yellow">record not byte-exact ({formatBytes(record.lostBytes)} missing) · </Text> : null;
}

/** Another program has the port open: said with the state, as it takes bytes meant for us. */
function SharedWith({port}: {port: PortView}) {
	return port.sharedWith ? <Text color="yellow"> shared with {port.sharedWith}</Text> : null;
}

/** Several relays: each one's state and port, the detail only when it is not connected (it says why). */
function Relays({relays}: {relays: PortView[]}) {
	return relays.map((relay, index) => (
		<Text key={index}>
			{index > 0 ? ' · ' : ''}
			<Text color={PORT_COLOURS[relay.state]}>● {relay.state}</Text> {relay.name}
			<SharedWith port={relay} />
			{relay.detail && relay.state !== 'connected' ? <Text dimColor> ({relay.detail})</Text> : null}
		</Text>
	));
}

export function Header({snapshot, width}: {snapshot: DashboardSnapshot; width: number}) {
	const {port, totals} = snapshot;
	return (
		<Box flexDirection="column" width={width} height={2} flexShrink={0}>
			<Text wrap="truncate">
				<Text bold color="cyan">esp-cam-monitor</Text>
				<Text dimColor> · up {duration(snapshot.at - snapshot.startedAt)} · </Text>
				<RecordState record={snapshot.record} />
				{/* States first (the relays', then the outputs'), reasons after: a long reason never hides a state. */}
				{snapshot.relays ? (
					<Relays relays={snapshot.relays} />
				) : (
					<>
						<Text color={PORT_COLOURS[port.state]}>● {port.state}</Text> {port.name}
						<SharedWith port={port} />
					</>
				)}
				<SinkStates sinks={snapshot.sinks} />
				{!snapshot.relays && port.detail ? <Text dimColor> · {port.detail}</Text> : null}
				<SinkReasons sinks={snapshot.sinks} />
			</Text>
			<Text wrap="truncate">
				{snapshot.overdue ? (
					<Text color="red" bold>
						{snapshot.overdue} overdue ·{' '}
					</Text>
				) : null}
				images <Text color="green">{totals.imagesGood} good</Text> /{' '}
				<Text color={totals.imagesIncomplete > 0 ? 'yellow' : undefined}>{totals.imagesIncomplete} incomplete</Text> · {totals.frames} frames ·{' '}
				{formatBytes(totals.bytes)} · {formatBytes(Math.round(snapshot.rate))}/s
				{totals.checksumErrors > 0 ? <Text color="red"> · {totals.checksumErrors} checksum errors</Text> : null}
				{totals.writeErrors > 0 ? <Text color="red"> · {totals.writeErrors} write errors</Text> : null}
				{totals.imagesDuplicate > 0 ? <Text dimColor> · {totals.imagesDuplicate} heard twice</Text> : null}
				<Text dimColor> · → {snapshot.outDir}</Text>
			</Text>
		</Box>
	);
}
