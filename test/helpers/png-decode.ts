import {inflateSync} from 'node:zlib';

/** Decodes the 8-bit RGB PNGs our encoder makes (enough to check them; not a general PNG decoder). */
export function decodeRgbPng(png: Uint8Array): {width: number; height: number; data: Uint8Array} {
	const bytes = Buffer.from(png);
	if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
	let offset = 8;
	let width = 0;
	let height = 0;
	const idat: Buffer[] = [];
	while (offset < bytes.length) {
		const length = bytes.readUInt32BE(offset);
		const type = bytes.toString('latin1', offset + 4, offset + 8);
		const body = bytes.subarray(offset + 8, offset + 8 + length);
		if (type === 'IHDR') {
			width = body.readUInt32BE(0);
			height = body.readUInt32BE(4);
			if (body[8] !== 8 || body[9] !== 2) throw new Error('not 8-bit RGB');
		} else if (type === 'IDAT') {
			idat.push(body);
		}

		offset += 12 + length;
	}

	const raw = inflateSync(Buffer.concat(idat));
	const stride = width * 3;
	const data = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		const type = raw[y * (stride + 1)]!;
		for (let index = 0; index < stride; index++) {
			const left = index >= 3 ? data[y * stride + index - 3]! : 0;
			const up = y > 0 ? data[(y - 1) * stride + index]! : 0;
			const upLeft = y > 0 && index >= 3 ? data[(y - 1) * stride + index - 3]! : 0;
			const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][type];
			if (predictor === undefined) throw new Error(`bad filter ${type}`);
			data[y * stride + index] = (raw[y * (stride + 1) + 1 + index]! + predictor) & 0xff;
		}
	}

	return {width, height, data};
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
