import {fail} from './invalid-jpeg.js';

/** Codes up to this long are found with one table look-up (the common ones: camera tables' codes are mostly 2-9 bits). */
export const LOOKUP_BITS = 9;

export interface HuffmanTable {
	/** Largest code of each length 1..16, or -1 when there are none. */
	maxCode: Int32Array;
	/** Index in `values` of the first code of each length, minus that code. */
	offset: Int32Array;
	values: Uint8Array;
	/** By the next LOOKUP_BITS bits: the symbol of a code that short, plus its length times 256; 0 when the code is longer. */
	lookup: Uint16Array;
}

/** A table from a DHT segment's counts (codes of each length 1..16) and symbols; an over-full table fails. */
export function buildHuffmanTable(counts: Uint8Array, values: Uint8Array): HuffmanTable {
	const maxCode = new Int32Array(18).fill(-1);
	const offset = new Int32Array(18);
	const lookup = new Uint16Array(1 << LOOKUP_BITS);
	let code = 0;
	let index = 0;
	for (let length = 1; length <= 16; length++) {
		const count = counts[length - 1]!;
		offset[length] = index - code;
		if (count > 0) {
			if (code + count > 1 << length) fail('bad Huffman table');
			if (length <= LOOKUP_BITS) {
				const spread = LOOKUP_BITS - length;
				for (let i = 0; i < count; i++) lookup.fill(values[index + i]! | (length << 8), (code + i) << spread, (code + i + 1) << spread);
			}

			code += count;
			maxCode[length] = code - 1;
			index += count;
		}

		code <<= 1;
	}

	return {maxCode, offset, values, lookup};
}

/** The tables of a DHT segment (its bytes `start`..`end` after the length), each given to `keep` with its class (0 DC, 1 AC) and id. */
export function readHuffmanSegment(data: Uint8Array, start: number, end: number, keep: (tableClass: number, id: number, table: HuffmanTable) => void): void {
	let at = start;
	while (at < end) {
		const tableClass = data[at]! >> 4;
		const id = data[at]! & 15;
		if (tableClass > 1 || id > 3 || at + 17 > end) fail('bad DHT segment');
		let total = 0;
		const counts = data.subarray(at + 1, at + 17);
		for (const count of counts) total += count;
		if (total === 0 || total > 256 || at + 17 + total > end) fail('bad DHT segment');
		keep(tableClass, id, buildHuffmanTable(counts, data.subarray(at + 17, at + 17 + total)));
		at += 17 + total;
	}

	if (at !== end) fail('bad DHT segment length');
}
