import {fail} from './invalid-jpeg.js';
import {LOOKUP_BITS, type HuffmanTable} from './huffman-table.js';

const LOOKUP_MASK = (1 << LOOKUP_BITS) - 1;

/**
 * Entropy-coded data read a byte at a time into a small bit buffer, codes
 * found by table look-up: for decoding pictures (scaled-jpeg.ts). The strict
 * check keeps BitReader, which knows the exact bit each code ends at.
 * At a marker or the end of the data it reads on in zero bits, as libjpeg
 * does; `overran` says when such bits were used (the data was short).
 */
export class FastBitReader {
	/** The buffered bits, `count` of them, in the low bits. */
	private buffer = 0;
	private count = 0;
	/** How many of the last buffered bits are the zeros read past the data. */
	private fed = 0;

	constructor(
		private readonly data: Uint8Array,
		public position: number,
	) {}

	decode(table: HuffmanTable): number {
		if (this.count < 16) this.fill();
		const found = table.lookup[(this.buffer >>> (this.count - LOOKUP_BITS)) & LOOKUP_MASK]!;
		if (found > 0) {
			this.consume(found >> 8);
			return found & 0xff;
		}

		for (let length = LOOKUP_BITS + 1; length <= 16; length++) {
			const code = (this.buffer >>> (this.count - length)) & ((1 << length) - 1);
			const maxCode = table.maxCode[length]!;
			if (maxCode >= 0 && code <= maxCode) {
				this.consume(length);
				return table.values[table.offset[length]! + code]!;
			}
		}

		return fail(`invalid Huffman code near byte ${this.position}`);
	}

	/** The next `count` bits (at most 16) as a signed value, as JPEG codes them (F.12, EXTEND). */
	receiveExtend(count: number): number {
		const value = this.receive(count);
		return value < 1 << (count - 1) ? value - (1 << count) + 1 : value;
	}

	/** The next `count` bits (at most 16). */
	receive(count: number): number {
		if (this.count < count) this.fill();
		const value = (this.buffer >>> (this.count - count)) & ((1 << count) - 1);
		this.consume(count);
		return value;
	}

	skip(count: number): void {
		if (this.count < count) this.fill();
		this.consume(count);
	}

	/** Whether bits past the data were used: it was cut short, or a marker came where data should be. */
	get overran(): boolean {
		return this.fed > this.count;
	}

	/** At the end of an interval or scan: the padding bits are dropped; fails when the data ran short or goes on past them (at most a few bytes). */
	endInterval(): void {
		if (this.overran) fail(`data ends inside a scan (near byte ${this.position})`);
		this.buffer = 0;
		this.count = 0;
		this.fed = 0;
		const {data, position} = this;
		if (data[position] !== 0xff || data[position + 1] === 0x00) fail(`extra data at the end of an interval (byte ${position})`);
	}

	/** After endInterval: moves past the restart marker RSTn (`expected` is n). */
	restart(expected: number): void {
		const {data} = this;
		let at = this.position;
		while (data[at] === 0xff) at++;
		if (data[at] !== 0xd0 + expected) fail(`expected RST${expected} at byte ${this.position}`);
		this.position = at + 1;
	}

	private consume(count: number): void {
		this.count -= count;
		this.buffer &= (1 << this.count) - 1;
	}

	private fill(): void {
		const {data} = this;
		while (this.count <= 16) {
			let byte = 0;
			const at = this.position;
			if (this.fed > 0 || at >= data.length) this.fed += 8;
			else if (data[at] !== 0xff) {
				byte = data[at]!;
				this.position = at + 1;
			} else if (data[at + 1] === 0x00) {
				byte = 0xff;
				this.position = at + 2;
			} else this.fed += 8;

			this.buffer = (this.buffer << 8) | byte;
			this.count += 8;
		}
	}
}
