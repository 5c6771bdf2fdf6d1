import {createHash} from 'node:crypto';
import {FrameType} from '../../source/core/protocol/constants.js';
import type {Frame} from '../../source/core/protocol/frame-decoder.js';
import {hashPayload} from '../../source/core/protocol/frame-encoder.js';

export const CHUNK = 250;

export function sha256Hex(data: Uint8Array): string {
	return createHash('sha256').update(data).digest('hex');
}

/** The frames one camera wake produces: HASH, DATA 1..N, EOF. */
export function wakeFrames(mac: number, image: Buffer, options: {voltage?: number; withHash?: boolean} = {}): Frame[] {
	const frames: Frame[] = [];
	if (options.withHash !== false) {
		frames.push({mac, type: FrameType.Hash, sequence: 0, payload: hashPayload(sha256Hex(image), options.voltage ?? 80)});
	}

	for (let offset = 0, sequence = 1; offset < image.length; offset += CHUNK, sequence++) {
		frames.push({mac, type: FrameType.Data, sequence, payload: image.subarray(offset, offset + CHUNK)});
	}

	frames.push({mac, type: FrameType.Eof, sequence: 0, payload: Buffer.from('EOF!')});
	return frames;
}

/** Deterministic bytes that look like a JPEG (SOI ... EOI). */
export function fakeJpeg(length: number, seed = 1): Buffer {
	const bytes = Buffer.alloc(length);
	let state = seed >>> 0 || 1;
	for (let i = 0; i < length; i++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		bytes[i] = state & 0xff;
	}

	bytes[0] = 0xff;
	bytes[1] = 0xd8;
	bytes[length - 2] = 0xff;
	bytes[length - 1] = 0xd9;
	return bytes;
}
