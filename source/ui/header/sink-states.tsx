import {Text} from 'ink';
import type {SinkState, SinkStatus} from '../../sinks/sink.js';

const SINK_COLOURS: Record<SinkState, string> = {
	connecting: 'yellow',
	connected: 'green',
	retrying: 'yellow',
	failed: 'red',
	closed: 'gray',
};

const shownDetail = (sink: SinkStatus, brief: boolean) => (brief || sink.state === 'connected' ? undefined : sink.detail);

/** The columns SinkStates takes. */
export function sinkStatesWidth(sinks: SinkStatus[] | undefined, brief: boolean): number {
	let width = 0;
	for (const sink of sinks ?? []) {
		const detail = shownDetail(sink, brief);
		width += 2 + sink.sink.length + (sink.state === 'connected' ? 0 : 1 + sink.state.length) + (detail ? 2 + detail.length : 0);
		width += (sink.dropped > 0 ? `, ${sink.dropped} dropped`.length : 0) + 3;
	}

	return width;
}

/**
 * `● mqtt · ● influx retrying: refused, 12 dropped · `: each output, and why when it is not sending.
 * `brief`: without the why (the log has it), so the relays after it keep their room.
 */
export function SinkStates({sinks, brief = false}: {sinks?: SinkStatus[]; brief?: boolean}) {
	if (!sinks || sinks.length === 0) return null;
	return (
		<>
			{sinks.map(sink => (
				<Text key={sink.sink}>
					<Text color={SINK_COLOURS[sink.state]}>●</Text> {sink.sink}
					{sink.state === 'connected' ? null : <Text color={SINK_COLOURS[sink.state]}> {sink.state}</Text>}
					{shownDetail(sink, brief) ? <Text dimColor>: {sink.detail}</Text> : null}
					{sink.dropped > 0 ? <Text color="yellow">, {sink.dropped} dropped</Text> : null}
					<Text dimColor> · </Text>
				</Text>
			))}
		</>
	);
}
