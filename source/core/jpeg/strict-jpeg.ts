/**
 * A strict check that a JPEG is whole: every segment well formed, and every
 * scan's entropy-coded data Huffman-decoded to exactly the blocks the frame
 * header promises, restart markers in order, nothing left over, EOI last
 * (then only padding: see padding.ts). A progressive JPEG must code every
 * coefficient of every component down to its last bit.
 * The relay numbers DATA frames itself, so a chunk lost on the air leaves no
 * hole in the numbering; without a HASH, only this can tell. Lenient decoders
 * (libjpeg, jpeg-js) paint over exactly these faults, so they cannot be used.
 * Pure; baseline, extended sequential and progressive Huffman JPEGs.
 * Arithmetic, lossless and hierarchical JPEGs are reported unsupported.
 */
import {BitReader, endOfScanData} from './bit-reader.js';
import type {HuffmanTable} from './huffman-table.js';
import {fail, Invalid} from './invalid-jpeg.js';
import {readHuffmanSegment} from './huffman-table.js';
import {readQuantSegment} from './quant-table.js';
import {firstNotPadding} from './padding.js';
import {dcLimit, NonzeroCoefficients, type ScanBand, ScanBlocks, type ScanComponent} from './scan-blocks.js';

export type {HuffmanTable} from './huffman-table.js';
export type JpegVerdict = {ok: true} | {ok: false; why: string};

/** A progressive frame keeps 8 bytes a block for its refinement passes: larger ones are refused (a hostile header cannot claim gigabytes). */
const MAX_PROGRESSIVE_PIXELS = 1 << 24;
/** A table no code is found in: for a scan that names a table it does not use (progressive passes use one of the two). */
const UNUSED_TABLE: HuffmanTable = {maxCode: new Int32Array(18).fill(-1), offset: new Int32Array(18), values: new Uint8Array(0), lookup: new Uint16Array(0)};

interface Component {
	id: number;
	h: number;
	v: number;
	quantTable: number;
	scanned: boolean;
	/** Its blocks across and down (without the MCU's padding): what a scan of it alone covers. */
	blocksWide: number;
	blocksHigh: number;
	/** Progressive: the lowest bit coded so far of each coefficient (zigzag order), -1 before any. */
	codedDownTo?: Int8Array;
	nonzero?: NonzeroCoefficients;
}

interface Frame {
	precision: number;
	width: number;
	height: number;
	components: Component[];
	maxH: number;
	maxV: number;
	progressive: boolean;
}

/**
 * How far a JPEG's first scan decodes, MCU by MCU: what drawing a cut or
 * gapped JPEG partly needs (ui/preview/decode-partial.ts). The first scan
 * must hold every component (interleaved, or a greyscale frame).
 */
export interface ScanProgress {
	width: number;
	height: number;
	/** An MCU's size in pixels; MCUs a row and in the whole scan. */
	mcuWidth: number;
	mcuHeight: number;
	mcusPerLine: number;
	mcus: number;
	restartInterval: number;
	/** The byte where the scan's entropy-coded data begins. */
	dataStart: number;
	/** The bit (counted from the file's first byte) where each MCU decoded whole ends; `decoded` of them. */
	mcuEnds: Float64Array;
	decoded: number;
	/** The byte where decoding stopped, and why; no `why`: the whole JPEG is sound. */
	stoppedAt: number;
	why?: string;
	/** Each scan component's tables and blocks per MCU, in scan order. */
	scanComponents: {dc: HuffmanTable; ac: HuffmanTable; blocks: number}[];
}

export type ScanVerdict = {drawable: true; progress: ScanProgress} | {drawable: false; why: string};

/** Walks the JPEG like checkJpeg, noting where each MCU of the first scan ends; frames over `maxPixels` are refused before any scan. */
export function scanProgress(data: Uint8Array, maxPixels: number): ScanVerdict {
	const walker = new JpegWalker(data, maxPixels);
	let why: string | undefined;
	try {
		walker.walk();
	} catch (error) {
		if (!(error instanceof Invalid)) throw error;
		why = error.message;
	}

	const {progress} = walker;
	if (!progress) return {drawable: false, why: why ?? 'no scan'};
	progress.why = why;
	progress.stoppedAt = walker.reader?.position ?? data.length;
	return {drawable: true, progress};
}

/** The code of `symbol` in `table` (canonical Huffman: codes of each length are consecutive, in value order). */
export function huffmanCode(table: HuffmanTable, symbol: number): {code: number; length: number} | undefined {
	let first = 0;
	for (let length = 1; length <= 16; length++) {
		const last = table.maxCode[length]!;
		if (last < 0) continue;
		const lastIndex = table.offset[length]! + last;
		for (let index = first; index <= lastIndex; index++) {
			if (table.values[index] === symbol) return {code: last - (lastIndex - index), length};
		}

		first = lastIndex + 1;
	}

	return undefined;
}

export function checkJpeg(data: Uint8Array): JpegVerdict {
	try {
		const end = new JpegWalker(data).walk();
		const extra = firstNotPadding(data, end);
		if (extra < data.length) {
			const another = data[extra] === 0xd8 && data[extra - 1] === 0xff;
			fail(`${data.length - end} bytes after EOI that are not padding, ${another ? `another JPEG from byte ${extra - 1}` : `from byte ${extra}`}`);
		}

		return {ok: true};
	} catch (error) {
		if (error instanceof Invalid) return {ok: false, why: error.message};
		throw error;
	}
}

/**
 * Just past the EOI of the JPEG `data` begins with, found by its segments
 * and markers without decoding the scans (cheap); undefined when the bytes
 * end first or are not laid out like a JPEG.
 */
export function endOfJpeg(data: Uint8Array): number | undefined {
	try {
		return new JpegWalker(data, undefined, true).walk();
	} catch (error) {
		if (error instanceof Invalid) return undefined;
		throw error;
	}
}

class JpegWalker {
	private offset = 2;
	private frame?: Frame;
	private restartInterval = 0;
	private readonly dcTables: (HuffmanTable | undefined)[] = [];
	private readonly acTables: (HuffmanTable | undefined)[] = [];
	/** The quantisation tables defined, each with its DC step. */
	private readonly quantTables = new Map<number, number>();
	progress?: ScanProgress;
	reader?: BitReader;

	/**
	 * With `recordingUpTo` (most pixels a frame may have), notes the first
	 * scan's progress (scanProgress). `skimming`: scans are stepped over to
	 * the next marker, not decoded (endOfJpeg).
	 */
	constructor(
		private readonly data: Uint8Array,
		private readonly recordingUpTo?: number,
		private readonly skimming = false,
	) {}

	/** Walks to the EOI and returns where it ends; what follows is the caller's to judge. */
	walk(): number {
		const {data} = this;
		if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) fail('no SOI at the start');
		for (;;) {
			const marker = this.nextMarker();
			if (marker === 0xd9) {
				if (!this.skimming) this.checkAllCoded();
				return this.offset;
			}

			if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) fail(`marker ff${hex(marker)} out of place`);
			const length = this.u16(this.offset);
			const start = this.offset + 2;
			const end = this.offset + length;
			if (length < 2 || end > data.length) fail(`segment ff${hex(marker)} runs past the end`);
			if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) this.readFrame(start, end, marker === 0xc2);
			else if (marker === 0xc4) this.readHuffmanTables(start, end);
			else if (marker === 0xdb) this.readQuantTables(start, end);
			else if (marker === 0xdd) this.restartInterval = length === 4 ? this.u16(start) : fail('bad DRI segment');
			else if (marker === 0xda) {
				this.offset = end;
				if (this.skimming) this.skipScan();
				else this.decodeScan(start, end);
				continue;
			} else if ((marker >= 0xc3 && marker <= 0xcf) || marker === 0xdc) fail(`unsupported JPEG process (marker ff${hex(marker)})`);
			// APPn, COM and the like: skipped by their length.
			this.offset = end;
		}
	}

	/** The marker at the read position (fill bytes allowed before it); moves past it. */
	private nextMarker(): number {
		const {data} = this;
		if (data[this.offset] !== 0xff) fail(`no marker at byte ${this.offset}`);
		while (data[this.offset] === 0xff) this.offset++;
		if (this.offset >= data.length) fail('no EOI at the end');
		const marker = data[this.offset++]!;
		if (marker === 0x00) fail(`no marker at byte ${this.offset - 2}`);
		return marker;
	}

	private checkAllCoded(): void {
		const frame = this.frame ?? fail('no frame header');
		for (const component of frame.components) {
			if (!component.scanned) fail(`component ${component.id} never scanned`);
			const partly = component.codedDownTo?.findIndex(bit => bit !== 0) ?? -1;
			if (partly >= 0) fail(`coefficient ${partly} of component ${component.id} never fully coded`);
		}
	}

	/** Steps over a scan's entropy-coded data (and its restart markers) to the marker after it. */
	private skipScan(): void {
		this.offset = endOfScanData(this.data, this.offset);
	}

	private u16(at: number): number {
		if (at + 1 >= this.data.length) fail('ends inside a segment');
		return (this.data[at]! << 8) | this.data[at + 1]!;
	}

	private readFrame(start: number, end: number, progressive: boolean): void {
		const {data} = this;
		if (this.frame) fail('more than one frame header');
		const count = data[start + 5] ?? 0;
		if (end - start !== 6 + count * 3 || count < 1 || count > 4) fail('bad frame header');
		const precision = data[start]!;
		const height = this.u16(start + 1);
		const width = this.u16(start + 3);
		if (precision !== 8 && precision !== 12) fail(`sample precision ${precision}`);
		if (width === 0 || height === 0) fail('image size 0 (DNL is not supported)');
		if (progressive && this.recordingUpTo !== undefined) fail('unsupported JPEG process for drawing in part (progressive)');
		if (progressive && width * height > MAX_PROGRESSIVE_PIXELS) fail(`progressive and too large to check: ${width}x${height} pixels`);
		const components: Component[] = [];
		for (let i = 0; i < count; i++) {
			const at = start + 6 + i * 3;
			const h = data[at + 1]! >> 4;
			const v = data[at + 1]! & 15;
			if (h < 1 || h > 4 || v < 1 || v > 4) fail('bad sampling factors');
			components.push({id: data[at]!, h, v, quantTable: data[at + 2]!, scanned: false, blocksWide: 0, blocksHigh: 0});
		}

		for (const component of components) if (!this.quantTables.has(component.quantTable)) fail(`quantisation table ${component.quantTable} missing`);
		const maxH = Math.max(...components.map(component => component.h));
		const maxV = Math.max(...components.map(component => component.v));
		for (const component of components) {
			component.blocksWide = Math.ceil(Math.ceil((width * component.h) / maxH) / 8);
			component.blocksHigh = Math.ceil(Math.ceil((height * component.v) / maxV) / 8);
			if (progressive) component.codedDownTo = new Int8Array(64).fill(-1);
		}

		this.frame = {precision, width, height, components, maxH, maxV, progressive};
	}

	private readQuantTables(start: number, end: number): void {
		// The DC step is all the check needs (the DC range of a block).
		readQuantSegment(this.data, start, end, (id, table) => this.quantTables.set(id, table[0]!));
	}

	private readHuffmanTables(start: number, end: number): void {
		readHuffmanSegment(this.data, start, end, (tableClass, id, table) => {
			(tableClass === 0 ? this.dcTables : this.acTables)[id] = table;
		});
	}

	private decodeScan(start: number, end: number): void {
		const {data} = this;
		const frame = this.frame ?? fail('scan before the frame header');
		const count = data[start]!;
		if (count < 1 || count > 4 || end - start !== 4 + count * 2) fail('bad scan header');
		const band = scanBand(frame, data[end - 3]!, data[end - 2]!, data[end - 1]!, count);
		const scanComponents: (ScanComponent & {component: Component})[] = [];
		for (let i = 0; i < count; i++) {
			const id = data[start + 1 + i * 2]!;
			const tables = data[start + 2 + i * 2]!;
			const component = frame.components.find(candidate => candidate.id === id) ?? fail(`scan names unknown component ${id}`);
			if (scanComponents.some(other => other.component === component)) fail(`component ${id} twice in one scan`);
			if (frame.progressive) noteCoded(component, band);
			else if (component.scanned) fail(`component ${id} scanned twice`);
			component.scanned = true;
			const usesDc = !band.progressive || (band.first === 0 && band.high === 0);
			const usesAc = !band.progressive || band.first > 0;
			const dc = this.dcTables[tables >> 4] ?? (usesDc ? fail('scan uses a missing DC table') : UNUSED_TABLE);
			const ac = this.acTables[tables & 15] ?? (usesAc ? fail('scan uses a missing AC table') : UNUSED_TABLE);
			const limit = dcLimit(frame.precision, this.quantTables.get(component.quantTable)!, band.low);
			scanComponents.push({component, dc, ac, blocks: count === 1 ? 1 : component.h * component.v, dcLimit: limit, dcPredictor: 0});
		}

		// A scan of one component covers its own blocks, one an MCU (AC passes are always such scans).
		const single = scanComponents[0]!.component;
		const mcus = count === 1 ? single.blocksWide * single.blocksHigh : Math.ceil(frame.width / (8 * frame.maxH)) * Math.ceil(frame.height / (8 * frame.maxV));
		if (band.progressive && band.first > 0) single.nonzero ??= new NonzeroCoefficients(mcus);
		const bits = new BitReader(data, this.offset);
		const progress = this.recordingUpTo !== undefined && !this.progress ? this.startProgress(frame, scanComponents, mcus, bits) : undefined;
		const blocks = new ScanBlocks(bits, band, frame.precision, single.nonzero);
		let restarts = 0;
		for (let mcu = 0; mcu < mcus; mcu++) {
			if (this.restartInterval > 0 && mcu > 0 && mcu % this.restartInterval === 0) {
				blocks.endInterval();
				bits.endOfInterval();
				const marker = bits.marker();
				if (marker !== 0xd0 + (restarts % 8)) fail(`expected RST${restarts % 8} at byte ${bits.position}, found ${marker === undefined ? 'data' : `ff${hex(marker)}`}`);
				restarts++;
				for (const scanned of scanComponents) scanned.dcPredictor = 0;
			}

			for (const scanned of scanComponents) {
				for (let block = 0; block < scanned.blocks; block++) blocks.read(scanned, mcu);
			}

			if (progress) progress.mcuEnds[progress.decoded++] = bits.bitPosition;
		}

		blocks.endInterval();
		bits.endOfInterval();
		const marker = bits.marker();
		if (marker === undefined) fail(`extra data after the last block (byte ${bits.position})`);
		if (marker! >= 0xd0 && marker! <= 0xd7) fail(`restart marker after the last block (byte ${bits.position})`);
		this.offset = bits.position;
	}

	private startProgress(frame: Frame, scanComponents: ScanProgress['scanComponents'], mcus: number, bits: BitReader): ScanProgress {
		if (frame.width * frame.height > this.recordingUpTo!) fail(`too large to draw: ${frame.width}x${frame.height} pixels need more memory than allowed`);
		if (scanComponents.length !== frame.components.length) fail('the first scan does not hold every component');
		const single = scanComponents.length === 1;
		const mcuWidth = single ? 8 : 8 * frame.maxH;
		const mcuHeight = single ? 8 : 8 * frame.maxV;
		this.reader = bits;
		this.progress = {
			width: frame.width,
			height: frame.height,
			mcuWidth,
			mcuHeight,
			mcusPerLine: Math.ceil(frame.width / mcuWidth),
			mcus,
			restartInterval: this.restartInterval,
			dataStart: bits.position,
			mcuEnds: new Float64Array(mcus),
			decoded: 0,
			stoppedAt: bits.position,
			scanComponents: scanComponents.map(({dc, ac, blocks}) => ({dc, ac, blocks})),
		};
		return this.progress;
	}
}

/** A scan's band (Ss, Se, Ah/Al) as the spec allows it: sequential scans carry everything; progressive ones a DC pass (any components) or an AC band of one component. */
function scanBand(frame: Frame, first: number, last: number, bits: number, components: number): ScanBand {
	const high = bits >> 4;
	const low = bits & 15;
	if (!frame.progressive) {
		if (first !== 0 || last !== 63 || bits !== 0) fail('not a sequential scan');
		return {progressive: false, first, last, high, low};
	}

	const dcPass = first === 0 && last === 0;
	const acPass = first > 0 && last >= first && last <= 63 && components === 1;
	if ((!dcPass && !acPass) || low > 13 || (high !== 0 && low !== high - 1)) fail(`bad progressive scan (Ss ${first}, Se ${last}, Ah ${high}, Al ${low})`);
	return {progressive: true, first, last, high, low};
}

/** Progressive: a pass must continue the bits coded before it (or be the first), and AC comes after DC. */
function noteCoded(component: Component, band: ScanBand): void {
	const coded = component.codedDownTo!;
	if (band.first > 0 && coded[0]! < 0) fail(`AC of component ${component.id} before its DC`);
	for (let k = band.first; k <= band.last; k++) {
		if (coded[k] !== (band.high === 0 ? -1 : band.high)) fail(`coefficient ${k} of component ${component.id} coded out of order`);
		coded[k] = band.low;
	}
}

function hex(byte: number): string {
	return byte.toString(16).padStart(2, '0');
}
