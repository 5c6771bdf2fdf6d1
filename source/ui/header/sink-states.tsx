import {Text} from 'ink';
import type {SinkState, SinkStatus} from '../../sinks/sink.js';

const SINK_COLOURS: Record<SinkState, string> = {
	connecting: 'yellow',
	connected: 'green',
	retrying: 'yellow',
	failed: 'red',
	closed: 'gray',
};

/** A reason longer than this is cut in the header (every output's state stays in sight); the log has it whole. */
const MAX_HEADER_DETAIL = 48;

/** ` · ● mqtt · ● influx retrying: refused, 12 dropped`: each output, and why when it is not sending; after the relay's state, before its detail. */
export function SinkStates({sinks}: {sinks?: SinkStatus[]}) {
	if (!sinks || sinks.length === 0) return null;
	return (
		<>
			{sinks.map(sink => (
				<Text key={sink.sink}>
					<Text dimColor> · </Text>
					<Text color={SINK_COLOURS[sink.state]}>●</Text> {sink.sink}
					{sink.state === 'connected' ? null : <Text color={SINK_COLOURS[sink.state]}> {sink.state}</Text>}
					{sink.state !== 'connected' && sink.detail ? <Text dimColor>: {shortened(sink.detail)}</Text> : null}
					{sink.dropped > 0 ? <Text color="yellow">, {sink.dropped} dropped</Text> : null}
				</Text>
			))}
		</>
	);
}

function shortened(detail: string): string {
	return detail.length > MAX_HEADER_DETAIL ? `${detail.slice(0, MAX_HEADER_DETAIL - 1)}…` : detail;
}
