import type {BitReader} from './bit-reader.js';
import type {HuffmanTable} from './huffman-table.js';
import {fail} from './invalid-jpeg.js';

/**
 * How the blocks of one scan are coded: the coefficients it carries
 * (spectral selection, zigzag positions `first`..`last`) and which bits of
 * them (successive approximation: `high` is the bit sent before, 0 on a
 * first pass; `low` the bit this scan goes down to). A sequential scan is
 * 0..63, 0, 0, every block whole.
 */
export interface ScanBand {
	progressive: boolean;
	first: number;
	last: number;
	high: number;
	low: number;
}

/** One component of a scan: its tables, blocks an MCU, and its DC so far (in the units the scan sends) with the most it may be. */
export interface ScanComponent {
	dc: HuffmanTable;
	ac: HuffmanTable;
	blocks: number;
	dcLimit: number;
	dcPredictor: number;
}

/**
 * The largest DC a block can have, in the units a scan sends it (quantised
 * by `step`, shifted right by `low` bits), one step of rounding included:
 * the mean of 8-bit samples shifted by 128, times 8, is within ±1024 (±16384
 * for 12-bit). A DC beyond it means the data is not what was encoded: after
 * a lost chunk every later difference adds to the wrong DC.
 */
export function dcLimit(precision: number, step: number, low: number): number {
	const most = precision === 8 ? 1024 : 16_384;
	return step > 0 ? Math.ceil((most / step + 1) / 2 ** low) : Number.POSITIVE_INFINITY;
}

/** Which AC coefficients of each block of one component are nonzero so far: one bit per zigzag position. */
export class NonzeroCoefficients {
	private readonly words: Uint32Array;

	constructor(blocks: number) {
		this.words = new Uint32Array(blocks * 2);
	}

	has(block: number, k: number): boolean {
		return ((this.words[block * 2 + (k >> 5)]! >>> (k & 31)) & 1) === 1;
	}

	set(block: number, k: number): void {
		this.words[block * 2 + (k >> 5)]! |= 1 << (k & 31);
	}
}

/**
 * Reads the blocks of one scan, sequential or one pass of a progressive
 * JPEG, checking every code as it goes. AC passes of a progressive JPEG
 * hold one component and count its blocks in `block`; refinement passes
 * send a correction bit for each coefficient already nonzero, so reading
 * them needs `nonzero` from the passes before.
 */
export class ScanBlocks {
	/** Blocks still to come of a run whose band is empty (an EOB run). */
	private emptyRun = 0;
	private readonly maxDcCategory: number;
	private readonly maxAcSize: number;

	constructor(
		private readonly bits: BitReader,
		private readonly band: ScanBand,
		precision: number,
		private readonly nonzero?: NonzeroCoefficients,
	) {
		this.maxDcCategory = precision === 8 ? 11 : 15;
		this.maxAcSize = precision === 8 ? 10 : 14;
	}

	read(component: ScanComponent, block: number): void {
		const {band} = this;
		if (!band.progressive) {
			this.dc(component);
			this.acFirst(component.ac, block);
		} else if (band.first === 0) {
			if (band.high === 0) this.dc(component);
			else this.bits.bit();
		} else if (band.high === 0) {
			this.acFirst(component.ac, block);
		} else {
			this.acRefine(component.ac, block);
		}
	}

	/** At a restart marker and at the end of the scan: a run of empty bands must have ended. */
	endInterval(): void {
		if (this.emptyRun > 0) fail(`a run of ${this.emptyRun} empty blocks goes past the end of its interval (byte ${this.bits.position})`);
	}

	private dc(component: ScanComponent): void {
		const {bits} = this;
		const category = bits.decode(component.dc);
		if (category > this.maxDcCategory) fail(`bad DC value at byte ${bits.position}`);
		const raw = bits.receive(category);
		// A difference's bits: a leading 1 means positive, a leading 0 a negative one (F.12, EXTEND).
		const difference = category > 0 && raw < 2 ** (category - 1) ? raw - 2 ** category + 1 : raw;
		component.dcPredictor += difference;
		if (Math.abs(component.dcPredictor) > component.dcLimit) fail(`DC out of range at byte ${bits.position} (data missing)`);
	}

	private acFirst(table: HuffmanTable, block: number): void {
		if (this.emptyRun > 0) {
			this.emptyRun--;
			return;
		}

		const {bits, band, nonzero} = this;
		const end = band.last + 1;
		for (let k = Math.max(1, band.first); k < end;) {
			const symbol = bits.decode(table);
			const run = symbol >> 4;
			const size = symbol & 15;
			if (size === 0) {
				if (run === 15) {
					k += 16;
					if (k > end) fail(`run past the end of a block at byte ${bits.position}`);
					continue;
				}

				// End of block; in a progressive pass, of this many blocks' bands.
				if (run > 0 && !band.progressive) fail(`bad AC code at byte ${bits.position}`);
				this.emptyRun = (1 << run) - 1 + bits.receive(run);
				return;
			}

			if (size > this.maxAcSize) fail(`bad AC value at byte ${bits.position}`);
			k += run;
			if (k >= end) fail(`run past the end of a block at byte ${bits.position}`);
			bits.skip(size);
			nonzero?.set(block, k);
			k++;
		}
	}

	private acRefine(table: HuffmanTable, block: number): void {
		const {bits, band} = this;
		const nonzero = this.nonzero!;
		let k = band.first;
		if (this.emptyRun === 0) {
			for (; k <= band.last; k++) {
				const symbol = bits.decode(table);
				let run = symbol >> 4;
				const size = symbol & 15;
				if (size === 0 && run < 15) {
					this.emptyRun = (1 << run) + bits.receive(run);
					break;
				}

				if (size > 1) fail(`bad refinement value at byte ${bits.position}`);
				if (size === 1) bits.bit();
				// Past the coefficients already nonzero (a correction bit each) and `run` zero ones, to the one this code is about.
				for (; ; k++) {
					if (k > band.last) fail(`run past the end of a block at byte ${bits.position}`);
					if (nonzero.has(block, k)) bits.bit();
					else if (run-- === 0) break;
				}

				if (size === 1) nonzero.set(block, k);
			}
		}

		if (this.emptyRun > 0) {
			for (; k <= band.last; k++) if (nonzero.has(block, k)) bits.bit();
			this.emptyRun--;
		}
	}
}
