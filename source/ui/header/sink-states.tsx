import {Text} from 'ink';
import type {SinkState, SinkStatus} from '../../sinks/sink.js';

const SINK_COLOURS: Record<SinkState, string> = {
	connecting: 'yellow',
	connected: 'green',
	retrying: 'yellow',
	failed: 'red',
	closed: 'gray',
};

/** `● mqtt · ● influx retrying: refused, 12 dropped · `: each output, and why when it is not sending; before the port, whose detail can be long. */
export function SinkStates({sinks}: {sinks?: SinkStatus[]}) {
	if (!sinks || sinks.length === 0) return null;
	return (
		<>
			{sinks.map(sink => (
				<Text key={sink.sink}>
					<Text color={SINK_COLOURS[sink.state]}>●</Text> {sink.sink}
					{sink.state === 'connected' ? null : <Text color={SINK_COLOURS[sink.state]}> {sink.state}</Text>}
					{sink.state !== 'connected' && sink.detail ? <Text dimColor>: {sink.detail}</Text> : null}
					{sink.dropped > 0 ? <Text color="yellow">, {sink.dropped} dropped</Text> : null}
					<Text dimColor> · </Text>
				</Text>
			))}
		</>
	);
}
