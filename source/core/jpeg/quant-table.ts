import {fail} from './invalid-jpeg.js';

/** The tables of a DQT segment (its bytes `start`..`end` after the length), each given to `keep` with its id, in zigzag order. */
export function readQuantSegment(data: Uint8Array, start: number, end: number, keep: (id: number, table: Uint16Array) => void): void {
	let at = start;
	while (at < end) {
		const wide = data[at]! >> 4;
		const id = data[at]! & 15;
		if (wide > 1 || id > 3) fail('bad DQT segment');
		if (at + 1 + 64 * (wide + 1) > end) fail('bad DQT segment length');
		const table = new Uint16Array(64);
		for (let k = 0; k < 64; k++) table[k] = wide ? (data[at + 1 + k * 2]! << 8) | data[at + 2 + k * 2]! : data[at + 1 + k]!;
		keep(id, table);
		at += 1 + 64 * (wide + 1);
	}

	if (at !== end) fail('bad DQT segment length');
}
