import {deflateSync} from 'node:zlib';
import type {RgbPixels} from '../fit-pixels.js';

/**
 * A minimal PNG encoder: 8-bit RGB, no interlacing, one IDAT. Each row is
 * filtered with whichever of PNG's filters (none, sub, up, average, Paeth)
 * leaves the smallest sum of absolute differences, the usual heuristic: it
 * makes camera pictures about a third smaller than deflating the raw rows.
 */
export function encodePng(image: RgbPixels, level = 6): Buffer {
	const {width, height, data} = image;
	if (data.length !== width * height * 3) throw new RangeError(`RGB data of ${data.length} bytes for ${width}x${height}`);
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bits per channel
	header[9] = 2; // colour type: RGB
	return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(filterRows(image), {level})), chunk('IEND', Buffer.alloc(0))]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BYTES_PER_PIXEL = 3;

function filterRows({width, height, data}: RgbPixels): Buffer {
	const stride = width * BYTES_PER_PIXEL;
	const out = Buffer.alloc(height * (stride + 1));
	const candidate = Buffer.alloc(stride);
	const best = Buffer.alloc(stride);
	for (let y = 0; y < height; y++) {
		const row = y * stride;
		const above = row - stride;
		let bestType = 0;
		let bestCost = Number.POSITIVE_INFINITY;
		for (let type = 0; type <= 4; type++) {
			let cost = 0;
			for (let index = 0; index < stride; index++) {
				const left = index >= BYTES_PER_PIXEL ? data[row + index - BYTES_PER_PIXEL]! : 0;
				const up = y > 0 ? data[above + index]! : 0;
				const upLeft = y > 0 && index >= BYTES_PER_PIXEL ? data[above + index - BYTES_PER_PIXEL]! : 0;
				const value = (data[row + index]! - predict(type, left, up, upLeft)) & 0xff;
				candidate[index] = value;
				cost += value < 128 ? value : 256 - value;
			}

			if (cost < bestCost) {
				bestCost = cost;
				bestType = type;
				candidate.copy(best);
			}
		}

		const to = y * (stride + 1);
		out[to] = bestType;
		best.copy(out, to + 1);
	}

	return out;
}

function predict(type: number, left: number, up: number, upLeft: number): number {
	switch (type) {
		case 1:
			return left;
		case 2:
			return up;
		case 3:
			return (left + up) >> 1;
		case 4:
			return paeth(left, up, upLeft);
		default:
			return 0;
	}
}

function paeth(left: number, up: number, upLeft: number): number {
	const estimate = left + up - upLeft;
	const toLeft = Math.abs(estimate - left);
	const toUp = Math.abs(estimate - up);
	const toUpLeft = Math.abs(estimate - upLeft);
	if (toLeft <= toUp && toLeft <= toUpLeft) return left;
	return toUp <= toUpLeft ? up : upLeft;
}

function chunk(type: string, body: Buffer): Buffer {
	const out = Buffer.alloc(12 + body.length);
	out.writeUInt32BE(body.length, 0);
	out.write(type, 4, 'latin1');
	body.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
	return out;
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xed_b8_83_20 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}

	return table;
})();

/** zlib.crc32 is Node 22 (and 20.15+) only. */
function crc32(bytes: Uint8Array): number {
	let crc = 0xff_ff_ff_ff;
	for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
	return (crc ^ 0xff_ff_ff_ff) >>> 0;
}
