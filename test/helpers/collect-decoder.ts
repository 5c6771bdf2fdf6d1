import {FrameDecoder, type CorruptFrame, type Frame, type FrameDecoderOptions} from '../../source/core/protocol/frame-decoder.js';

export interface CollectedFrame {
	mac: number;
	type: number;
	sequence: number;
	payload: Buffer;
}

export interface Collected {
	decoder: FrameDecoder;
	frames: CollectedFrame[];
	corrupt: CorruptFrame[];
	text: string[];
}

/** A decoder whose output is gathered into arrays (payloads copied); noise is in its counters. */
export function collectingDecoder(options?: FrameDecoderOptions): Collected {
	const collected: Omit<Collected, 'decoder'> = {frames: [], corrupt: [], text: []};
	const decoder = new FrameDecoder(
		{
			frame: (frame: Frame) => collected.frames.push({...frame, payload: Buffer.from(frame.payload)}),
			corruptFrame: frame => collected.corrupt.push(frame),
			relayText: line => collected.text.push(line),
			noise: () => undefined,
		},
		options,
	);
	return Object.assign(collected, {decoder});
}

/** Feeds `stream` in pieces cut at the given offsets. */
export function pushSplit(decoder: FrameDecoder, stream: Buffer, cuts: number[], now = 0): void {
	let previous = 0;
	for (const cut of [...cuts, stream.length]) {
		decoder.push(stream.subarray(previous, cut), now);
		previous = cut;
	}
}
