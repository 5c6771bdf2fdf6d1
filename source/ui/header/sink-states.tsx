import {Text} from 'ink';
import type {SinkState, SinkStatus} from '../../sinks/sink.js';

const SINK_COLOURS: Record<SinkState, string> = {
	connecting: 'yellow',
	connected: 'green',
	retrying: 'yellow',
	failed: 'red',
	closed: 'gray',
};

/** A reason longer than this is cut in the header; the log has it whole. */
const MAX_HEADER_DETAIL = 48;

/** ` · ● mqtt · ● influx retrying, 12 dropped`: each output's state, short, so that all of them stay in sight. */
export function SinkStates({sinks}: {sinks?: SinkStatus[]}) {
	if (!sinks || sinks.length === 0) return null;
	return sinks.map(sink => (
		<Text key={sink.sink}>
			<Text dimColor> · </Text>
			<Text color={SINK_COLOURS[sink.state]}>●</Text> {sink.sink}
			{sink.state === 'connected' ? null : <Text color={SINK_COLOURS[sink.state]}> {sink.state}</Text>}
			{sink.dropped > 0 ? <Text color="yellow">, {sink.dropped} dropped</Text> : null}
		</Text>
	));
}

/** ` · influx: connection refused`: why each output that is not sending is not, at the end of the line (the first thing cut). */
export function SinkReasons({sinks}: {sinks?: SinkStatus[]}) {
	return (sinks ?? [])
		.filter(sink => sink.state !== 'connected' && sink.detail)
		.map(sink => (
			<Text key={sink.sink} dimColor>
				{' · '}
				{sink.sink}: {shortened(sink.detail!)}
			</Text>
		));
}

function shortened(detail: string): string {
	return detail.length > MAX_HEADER_DETAIL ? `${detail.slice(0, MAX_HEADER_DETAIL - 1)}…` : detail;
}
