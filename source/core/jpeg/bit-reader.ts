/** Entropy-coded data of a JPEG scan, read bit by bit (strict-jpeg.ts and progressive-blocks.ts). */

import type {HuffmanTable} from './huffman-table.js';
import {fail} from './invalid-jpeg.js';

/** Reads entropy-coded bits: FF 00 is a data FF; any other FF xx is a marker, where data must not end. */
export class BitReader {
	private byte = 0;
	private bitsLeft = 0;
	/** Where the byte being read starts (an FF 00 pair starts at its FF). */
	private byteStart = 0;

	constructor(
		private readonly data: Uint8Array,
		public position: number,
	) {}

	decode(table: HuffmanTable): number {
		let code = this.bit();
		for (let length = 1; length <= 16; length++) {
			const maxCode = table.maxCode[length]!;
			if (maxCode >= 0 && code <= maxCode) return table.values[table.offset[length]! + code]!;
			code = (code << 1) | this.bit();
		}

		return fail(`invalid Huffman code at byte ${this.position}`);
	}

	skip(count: number): void {
		for (let i = 0; i < count; i++) this.bit();
	}

	/** The next `count` bits as a number (count at most 16). */
	receive(count: number): number {
		let value = 0;
		for (let i = 0; i < count; i++) value = (value << 1) | this.bit();
		return value;
	}

	/** The bits read so far, counted from the data's first byte. */
	get bitPosition(): number {
		return this.bitsLeft > 0 ? this.byteStart * 8 + 8 - this.bitsLeft : this.position * 8;
	}

	/** The padding at the end of an interval must be 1 bits; some encoders (jpeg-js) add a whole byte of them. */
	endOfInterval(): void {
		const padding = this.byte & ((1 << this.bitsLeft) - 1);
		if (padding !== (1 << this.bitsLeft) - 1) fail(`bad padding bits at byte ${this.position}`);
		this.bitsLeft = 0;
		if (this.data[this.position] === 0xff && this.data[this.position + 1] === 0x00) this.position += 2;
	}

	/** The marker at the read position, moving past it; undefined when data comes first. */
	marker(): number | undefined {
		const {data} = this;
		if (this.position >= data.length) return fail('data ends before the next marker');
		if (data[this.position] !== 0xff) return undefined;
		let at = this.position;
		while (data[at] === 0xff) at++;
		const marker = data[at];
		if (marker === undefined) return fail('data ends before the next marker');
		if (marker === 0x00) return undefined;
		this.position = marker >= 0xd0 && marker <= 0xd7 ? at + 1 : this.position;
		return marker;
	}

	bit(): number {
		if (this.bitsLeft === 0) {
			const {data} = this;
			if (this.position >= data.length) fail('data ends inside a scan');
			const byte = data[this.position]!;
			this.byteStart = this.position;
			if (byte === 0xff) {
				const next = data[this.position + 1];
				if (next !== 0x00) fail(`scan ends early at byte ${this.position} (data missing)`);
				this.position += 2;
			} else {
				this.position++;
			}

			this.byte = byte;
			this.bitsLeft = 8;
		}

		this.bitsLeft--;
		return (this.byte >> this.bitsLeft) & 1;
	}
}

/** Where a scan's entropy-coded data (with its restart markers) that starts at `at` ends: the next other marker. */
export function endOfScanData(data: Uint8Array, at: number): number {
	for (;;) {
		at = data.indexOf(0xff, at);
		if (at < 0 || at + 1 >= data.length) fail('data ends inside a scan');
		const next = data[at + 1]!;
		if (next !== 0x00 && next !== 0xff && (next < 0xd0 || next > 0xd7)) return at;
		at++;
	}
}
