import type {Frame} from '../../source/core/protocol/frame-decoder.js';
import {encodeFrame} from '../../source/core/protocol/frame-encoder.js';

/** The bytes of frames, back to back, as the relay writes them. */
export function encodeFrames(frames: Frame[]): Buffer {
	return Buffer.concat(frames.map(frame => encodeFrame(frame.mac, frame.type, frame.sequence, frame.payload)));
}
