/**
 * A strict check that a JPEG is whole: every segment well formed, and every
 * scan's entropy-coded data Huffman-decoded to exactly the blocks the frame
 * header promises, restart markers in order, nothing left over, EOI last.
 * The relay numbers DATA frames itself, so a chunk lost on the air leaves no
 * hole in the numbering; without a HASH, only this can tell. Lenient decoders
 * (libjpeg, jpeg-js) paint over exactly these faults, so they cannot be used.
 * Pure; baseline and extended sequential Huffman JPEGs (what camera sensors
 * make). Progressive, arithmetic and lossless JPEGs are reported unsupported.
 */
export type JpegVerdict = {ok: true} | {ok: false; why: string};

export interface HuffmanTable {
	/** Largest code of each length 1..16, or -1 when there are none. */
	maxCode: Int32Array;
	/** Index in `values` of the first code of each length, minus that code. */
	offset: Int32Array;
	values: Uint8Array;
}

interface Component {
	id: number;
	h: number;
	v: number;
	quantTable: number;
	scanned: boolean;
}

interface Frame {
	precision: number;
	width: number;
	height: number;
	components: Component[];
	maxH: number;
	maxV: number;
}

class Invalid extends Error {}

const fail = (why: string): never => {
	throw new Invalid(why);
};

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
	scanComponents: Array<{dc: HuffmanTable; ac: HuffmanTable; blocks: number}>;
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
		new JpegWalker(data).walk();
		return {ok: true};
	} catch (error) {
		if (error instanceof Invalid) return {ok: false, why: error.message};
		throw error;
	}
}

class JpegWalker {
	private offset = 2;
	private frame?: Frame;
	private restartInterval = 0;
	private readonly dcTables: Array<HuffmanTable | undefined> = [];
	private readonly acTables: Array<HuffmanTable | undefined> = [];
	private readonly quantTables = new Set<number>();
	progress?: ScanProgress;
	reader?: BitReader;

	/** With `recordingUpTo` (most pixels a frame may have), notes the first scan's progress (scanProgress). */
	constructor(
		private readonly data: Uint8Array,
		private readonly recordingUpTo?: number,
	) {}

	walk(): void {
		const {data} = this;
		if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) fail('no SOI at the start');
		for (;;) {
			const marker = this.nextMarker();
			if (marker === 0xd9) {
				if (this.offset !== data.length) fail(`${data.length - this.offset} bytes after EOI`);
				if (!this.frame) fail('no frame header');
				const unscanned = this.frame!.components.find(component => !component.scanned);
				if (unscanned) fail(`component ${unscanned.id} never scanned`);
				return;
			}

			if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) fail(`marker ff${hex(marker)} out of place`);
			const length = this.u16(this.offset);
			const start = this.offset + 2;
			const end = this.offset + length;
			if (length < 2 || end > data.length) fail(`segment ff${hex(marker)} runs past the end`);
			if (marker === 0xc0 || marker === 0xc1) this.readFrame(start, end);
			else if (marker === 0xc4) this.readHuffmanTables(start, end);
			else if (marker === 0xdb) this.readQuantTables(start, end);
			else if (marker === 0xdd) this.restartInterval = length === 4 ? this.u16(start) : fail('bad DRI segment');
			else if (marker === 0xda) {
				this.offset = end;
				this.decodeScan(start, end);
				continue;
			} else if ((marker >= 0xc2 && marker <= 0xcf) || marker === 0xdc) fail(`unsupported JPEG process (marker ff${hex(marker)})`);
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

	private u16(at: number): number {
		if (at + 1 >= this.data.length) fail('ends inside a segment');
		return (this.data[at]! << 8) | this.data[at + 1]!;
	}

	private readFrame(start: number, end: number): void {
		const {data} = this;
		if (this.frame) fail('more than one frame header');
		const count = data[start + 5] ?? 0;
		if (end - start !== 6 + count * 3 || count < 1 || count > 4) fail('bad frame header');
		const precision = data[start]!;
		const height = this.u16(start + 1);
		const width = this.u16(start + 3);
		if (precision !== 8 && precision !== 12) fail(`sample precision ${precision}`);
		if (width === 0 || height === 0) fail('image size 0 (DNL is not supported)');
		const components: Component[] = [];
		for (let i = 0; i < count; i++) {
			const at = start + 6 + i * 3;
			const h = data[at + 1]! >> 4;
			const v = data[at + 1]! & 15;
			if (h < 1 || h > 4 || v < 1 || v > 4) fail('bad sampling factors');
			components.push({id: data[at]!, h, v, quantTable: data[at + 2]!, scanned: false});
		}

		for (const component of components) if (!this.quantTables.has(component.quantTable)) fail(`quantisation table ${component.quantTable} missing`);
		const maxH = Math.max(...components.map(component => component.h));
		const maxV = Math.max(...components.map(component => component.v));
		this.frame = {precision, width, height, components, maxH, maxV};
	}

	private readQuantTables(start: number, end: number): void {
		let at = start;
		while (at < end) {
			const precision = this.data[at]! >> 4;
			const id = this.data[at]! & 15;
			if (precision > 1 || id > 3) fail('bad DQT segment');
			at += 1 + 64 * (precision + 1);
			this.quantTables.add(id);
		}

		if (at !== end) fail('bad DQT segment length');
	}

	private readHuffmanTables(start: number, end: number): void {
		const {data} = this;
		let at = start;
		while (at < end) {
			const tableClass = data[at]! >> 4;
			const id = data[at]! & 15;
			if (tableClass > 1 || id > 3 || at + 17 > end) fail('bad DHT segment');
			let total = 0;
			const counts = data.subarray(at + 1, at + 17);
			for (const count of counts) total += count;
			if (total === 0 || total > 256 || at + 17 + total > end) fail('bad DHT segment');
			const table = buildTable(counts, data.subarray(at + 17, at + 17 + total));
			(tableClass === 0 ? this.dcTables : this.acTables)[id] = table;
			at += 17 + total;
		}

		if (at !== end) fail('bad DHT segment length');
	}

	private decodeScan(start: number, end: number): void {
		const {data} = this;
		const frame = this.frame ?? fail('scan before the frame header');
		const count = data[start]!;
		if (count < 1 || count > 4 || end - start !== 4 + count * 2) fail('bad scan header');
		if (data[end - 3] !== 0 || data[end - 2] !== 63 || data[end - 1] !== 0) fail('not a sequential scan');
		const scanComponents: Array<{component: Component; dc: HuffmanTable; ac: HuffmanTable; blocks: number}> = [];
		for (let i = 0; i < count; i++) {
			const id = data[start + 1 + i * 2]!;
			const tables = data[start + 2 + i * 2]!;
			const component = frame.components.find(candidate => candidate.id === id) ?? fail(`scan names unknown component ${id}`);
			if (component.scanned) fail(`component ${id} scanned twice`);
			component.scanned = true;
			const dc = this.dcTables[tables >> 4] ?? fail('scan uses a missing DC table');
			const ac = this.acTables[tables & 15] ?? fail('scan uses a missing AC table');
			scanComponents.push({component, dc, ac, blocks: count === 1 ? 1 : component.h * component.v});
		}

		let mcus: number;
		if (count === 1) {
			const {h, v} = scanComponents[0]!.component;
			mcus = Math.ceil(Math.ceil((frame.width * h) / frame.maxH) / 8) * Math.ceil(Math.ceil((frame.height * v) / frame.maxV) / 8);
		} else {
			mcus = Math.ceil(frame.width / (8 * frame.maxH)) * Math.ceil(frame.height / (8 * frame.maxV));
		}

		const bits = new BitReader(data, this.offset);
		const progress = this.recordingUpTo !== undefined && !this.progress ? this.startProgress(frame, scanComponents, mcus, bits) : undefined;
		const maxDcCategory = frame.precision === 8 ? 11 : 15;
		const maxAcSize = frame.precision === 8 ? 10 : 14;
		let restarts = 0;
		for (let mcu = 0; mcu < mcus; mcu++) {
			if (this.restartInterval > 0 && mcu > 0 && mcu % this.restartInterval === 0) {
				bits.endOfInterval();
				const marker = bits.marker();
				if (marker !== 0xd0 + (restarts % 8)) fail(`expected RST${restarts % 8} at byte ${bits.position}, found ${marker === undefined ? 'data' : `ff${hex(marker)}`}`);
				restarts++;
			}

			for (const {dc, ac, blocks} of scanComponents) {
				for (let block = 0; block < blocks; block++) decodeBlock(bits, dc, ac, maxDcCategory, maxAcSize);
			}

			if (progress) progress.mcuEnds[progress.decoded++] = bits.bitPosition;
		}

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

function decodeBlock(bits: BitReader, dc: HuffmanTable, ac: HuffmanTable, maxDcCategory: number, maxAcSize: number): void {
	const category = bits.decode(dc);
	if (category > maxDcCategory) fail(`bad DC value at byte ${bits.position}`);
	bits.skip(category);
	for (let k = 1; k < 64; ) {
		const symbol = bits.decode(ac);
		const run = symbol >> 4;
		const size = symbol & 15;
		if (size === 0) {
			if (run !== 15) return; // end of block
			k += 16;
			if (k > 64) fail(`run past the end of a block at byte ${bits.position}`);
			continue;
		}

		if (size > maxAcSize) fail(`bad AC value at byte ${bits.position}`);
		k += run;
		if (k > 63) fail(`run past the end of a block at byte ${bits.position}`);
		bits.skip(size);
		k++;
	}
}

/** Reads entropy-coded bits: FF 00 is a data FF; any other FF xx is a marker, where data must not end. */
class BitReader {
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
		if (data[this.position] !== 0xff) return undefined;
		let at = this.position;
		while (data[at] === 0xff) at++;
		const marker = data[at];
		if (marker === undefined || marker === 0x00) return undefined;
		this.position = marker >= 0xd0 && marker <= 0xd7 ? at + 1 : this.position;
		return marker;
	}

	private bit(): number {
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

function buildTable(counts: Uint8Array, values: Uint8Array): HuffmanTable {
	const maxCode = new Int32Array(18).fill(-1);
	const offset = new Int32Array(18);
	let code = 0;
	let index = 0;
	for (let length = 1; length <= 16; length++) {
		const count = counts[length - 1]!;
		offset[length] = index - code;
		if (count > 0) {
			code += count;
			maxCode[length] = code - 1;
			index += count;
		}

		if (code > 1 << length) fail('bad Huffman table');
		code <<= 1;
	}

	return {maxCode, offset, values};
}

function hex(byte: number): string {
	return byte.toString(16).padStart(2, '0');
}
