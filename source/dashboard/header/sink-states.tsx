import type {SinkState, SinkStatus} from '../../session/output-status.js';
import {KEEP, type Piece} from './fit-pieces.js';

const SINK_COLOURS: Record<SinkState, string> = {
	connecting: 'yellow',
	connected: 'green',
	retrying: 'yellow',
	failed: 'red',
	closed: 'gray',
};

/** A reason longer than this is cut in the header; the log has it whole. */
const MAX_HEADER_DETAIL = 48;

/**
 * ` · ● mqtt · ● influx retrying, 12 dropped`: each output's state, short. The
 * dot and name always stay (every output in sight); the words go when room is short.
 */
export function sinkStatePieces(sinks: SinkStatus[] = []): Piece[] {
	const pieces: Piece[] = [];
	for (const sink of sinks) {
		const colour = SINK_COLOURS[sink.state];
		pieces.push({keep: KEEP.always, parts: [{text: ' · ', dim: true}, {text: '●', color: colour}, {text: ` ${sink.sink}`}]});
		const words = [];
		if (sink.state !== 'connected') words.push({text: ` ${sink.state}`, color: colour});
		if (sink.dropped > 0) words.push({text: `, ${sink.dropped} dropped`, color: 'yellow'});
		if (words.length > 0) pieces.push({keep: KEEP.outputWords, parts: words});
	}

	return pieces;
}

/** ` · influx: connection refused`: why each output that is not sending is not, at the end of the line (the first thing to go). */
export function sinkReasonPieces(sinks: SinkStatus[] = []): Piece[] {
	return sinks
		.filter(sink => sink.state !== 'connected' && sink.detail)
		.map(sink => ({keep: KEEP.reason, parts: [{text: ` · ${sink.sink}: ${shortened(sink.detail!)}`, dim: true}]}));
}

function shortened(detail: string): string {
	return detail.length > MAX_HEADER_DETAIL ? `${detail.slice(0, MAX_HEADER_DETAIL - 1)}…` : detail;
}
