import {closeSync, openSync, writeSync} from 'node:fs';
import {FrameType} from '../../source/core/protocol/constants.js';
import {encodeFrame, hashPayload} from '../../source/core/protocol/frame-encoder.js';
import {fakeJpeg, sha256Hex} from './camera-frames.js';

export const HALF_IMAGE_MAC = 0x240a1b2c3d4e;
export const HALF_IMAGE_CHUNKS = 8;
/** At least what halfAnImage writes: 8 DATA frames of 277 bytes (the HASH comes on top). */
export const HALF_IMAGE_BYTES = HALF_IMAGE_CHUNKS * 277;

/** Writes the HASH and the first 8 DATA frames of a 5000-byte image into `relay`: an image left open. */
export function halfAnImage(relay: string): void {
	const image = fakeJpeg(5000, 3);
	const fd = openSync(relay, 'w');
	writeSync(fd, encodeFrame(HALF_IMAGE_MAC, FrameType.Hash, 0, hashPayload(sha256Hex(image), 50)));
	for (let sequence = 1; sequence <= HALF_IMAGE_CHUNKS; sequence++) {
		writeSync(fd, encodeFrame(HALF_IMAGE_MAC, FrameType.Data, sequence, image.subarray((sequence - 1) * 250, sequence * 250)));
	}

	closeSync(fd);
}
