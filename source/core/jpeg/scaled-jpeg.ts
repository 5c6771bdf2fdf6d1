/**
 * Decodes a JPEG straight to 1/2, 1/4 or 1/8 of its size, for previews: a
 * 640x480 picture shown in a few dozen cells needs 80x60 pixels, not 300,000.
 * At 1/8 each block is one pixel, its mean (the DC coefficient alone: the AC
 * codes are read past, never dequantised or transformed); at 1/4 and 1/2 an
 * IDCT straight to the means of 2x2 or 4x4 pixels (scaled-idct.ts). Subsampled chroma gets a larger IDCT (a
 * 4:2:0 chroma block gives 2x2 pixels at 1/8), so every component comes
 * out at the luma's scale, as libjpeg scales; then YCbCr to RGB as jpeg-js.
 * Baseline and extended sequential Huffman JPEGs, 8-bit, greyscale or
 * YCbCr, any sampling, restart markers: what camera sensors make; and
 * progressive ones at 1/8 when every component has every block (greyscale,
 * 4:4:4): their DC passes alone, the AC passes stepped over by their
 * markers. Anything else (progressive larger than 1/8 or with subsampled
 * chroma, 12-bit, CMYK) is `unsupported` and left to a full decoder;
 * damaged data fails (Invalid) rather than being painted over.
 * One pass does not give both the strict verdict (strict-jpeg.ts) and the
 * preview, by design: the strict check runs when an image is saved, and
 * only for one that came without its HASH (most are verified by their
 * hash, so they would still need this pass), in the checker's thread; a
 * preview is decoded only when it is shown, at the size shown, perhaps
 * never. The checker must also know the exact bit each code ends at (for
 * drawing cut JPEGs in part), which a reader that reads ahead does not.
 * They share the Huffman tables and their look-up (huffman-table.ts).
 */
import {endOfScanData} from './bit-reader.js';
import {fail} from './invalid-jpeg.js';
import {FastBitReader} from './fast-bit-reader.js';
import {readHuffmanSegment, type HuffmanTable} from './huffman-table.js';
import {readQuantSegment} from './quant-table.js';
import {planesToRgb, type ComponentPlane} from './planes-to-rgb.js';
import {ScaledIdct, ZIGZAG} from './scaled-idct.js';
import type {RgbImage} from '../../graphics/rgb-image.js';

/** 8: 1/8 of the size; 4: 1/4; 2: 1/2. */
export type ScaleDenominator = 2 | 4 | 8;

export type ScaledDecode =
	| {
			/** The picture at 1/`scale`: ceil(width / scale) x ceil(height / scale) pixels. */
			image: RgbImage;
			scale: ScaleDenominator;
			/** The JPEG's own size. */
			width: number;
			height: number;
	  }
	| {unsupported: string};

/** Picks the scale once the frame header gives the picture's size; undefined: full size is needed. */
export type ScalePicker = (width: number, height: number) => ScaleDenominator | undefined;

interface Component extends ComponentPlane {
	id: number;
	quantTable: number;
	/** Its blocks across and down in its own scans (without an MCU's padding). */
	blocksWide: number;
	blocksHigh: number;
	/** Undefined when a block is one pixel: its DC alone. */
	idct?: ScaledIdct;
	/** Progressive (1/8 only): each block's DC so far, block after block as in the plane; drawn at the end. */
	dcs?: Int32Array;
	scanned: boolean;
	dc?: HuffmanTable;
	ac?: HuffmanTable;
	dcPredictor: number;
	quant?: Uint16Array;
}

interface Frame {
	width: number;
	height: number;
	components: Component[];
	maxH: number;
	maxV: number;
	mcusWide: number;
	mcusHigh: number;
	scale: ScaleDenominator;
	progressive: boolean;
}

/** `data` decoded at the scale `pick` chooses; frames over `maxPixels` (at full size) fail before anything is allocated. */
export function decodeScaledJpeg(data: Uint8Array, pick: ScalePicker, maxPixels: number): ScaledDecode {
	return new ScaledJpeg(data, pick, maxPixels).decode();
}

class Unsupported extends Error {}

class ScaledJpeg {
	private offset = 2;
	private frame?: Frame;
	private restartInterval = 0;
	private adobeTransform?: number;
	private readonly dcTables: (HuffmanTable | undefined)[] = [];
	private readonly acTables: (HuffmanTable | undefined)[] = [];
	private readonly quantTables: (Uint16Array | undefined)[] = [];

	constructor(
		private readonly data: Uint8Array,
		private readonly pick: ScalePicker,
		private readonly maxPixels: number,
	) {}

	decode(): ScaledDecode {
		try {
			this.walk();
		} catch (error) {
			if (error instanceof Unsupported) return {unsupported: error.message};
			throw error;
		}

		const frame = this.frame!;
		return {image: planesToRgb(frame, this.adobeTransform), scale: frame.scale, width: frame.width, height: frame.height};
	}

	private walk(): void {
		const {data} = this;
		if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) fail('no SOI at the start');
		for (;;) {
			if (data[this.offset] !== 0xff) fail(`no marker at byte ${this.offset}`);
			while (data[this.offset] === 0xff) this.offset++;
			if (this.offset >= data.length) fail('no EOI at the end');
			const marker = data[this.offset++]!;
			if (marker === 0xd9) break;
			if (this.offset + 2 > data.length) fail('ends inside a segment');
			const length = (data[this.offset]! << 8) | data[this.offset + 1]!;
			const start = this.offset + 2;
			const end = this.offset + length;
			if (length < 2 || end > data.length) fail(`segment ff${marker.toString(16)} runs past the end`);
			if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) this.readFrame(start, end, marker === 0xc2);
			else if (marker === 0xc4) this.readHuffmanTables(start, end);
			else if (marker === 0xdb) this.readQuantTables(start, end);
			else if (marker === 0xdd) this.restartInterval = length === 4 ? (data[start]! << 8) | data[start + 1]! : fail('bad DRI segment');
			else if (marker === 0xee && length >= 14 && String.fromCharCode(...data.subarray(start, start + 5)) === 'Adobe') this.adobeTransform = data[start + 11];
			else if (marker === 0xda) {
				this.offset = this.decodeScan(start, end);
				continue;
			} else if ((marker >= 0xc3 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xdc) {
				throw new Unsupported(`JPEG process ff${marker.toString(16)} (not Huffman, or lossless)`);
			}

			this.offset = end;
		}

		const frame = this.frame ?? fail('no frame header');
		for (const component of frame.components) {
			if (!component.scanned) fail(`component ${component.id} never scanned`);
			if (component.dcs) drawDcs(component);
		}
	}

	private readFrame(start: number, end: number, progressive: boolean): void {
		const {data} = this;
		if (this.frame) fail('more than one frame header');
		const count = data[start + 5] ?? 0;
		if (end - start !== 6 + count * 3 || count < 1 || count > 4) fail('bad frame header');
		const height = (data[start + 1]! << 8) | data[start + 2]!;
		const width = (data[start + 3]! << 8) | data[start + 4]!;
		if (data[start] !== 8) throw new Unsupported(`sample precision ${data[start]}`);
		if (count !== 1 && count !== 3) throw new Unsupported(`${count} components`);
		if (width === 0 || height === 0) fail('image size 0 (DNL is not supported)');
		if (width * height > this.maxPixels) fail(`too large to draw: ${width}x${height} pixels`);
		const scale = this.pick(width, height) ?? throwUnsupported('full size wanted');
		// A progressive JPEG's DC comes first and whole in its own passes: 1/8 reads those and steps over the rest; larger needs every pass.
		if (progressive && scale !== 8) throwUnsupported('progressive, larger than 1/8');
		const sampling: {id: number; h: number; v: number; quantTable: number}[] = [];
		for (let i = 0; i < count; i++) {
			const at = start + 6 + i * 3;
			const h = data[at + 1]! >> 4;
			const v = data[at + 1]! & 15;
			if (h < 1 || h > 4 || v < 1 || v > 4) fail('bad sampling factors');
			sampling.push({id: data[at]!, h, v, quantTable: data[at + 2]! & 3});
		}

		const maxH = Math.max(...sampling.map(component => component.h));
		const maxV = Math.max(...sampling.map(component => component.v));
		// Subsampled chroma at 1/8 would need its blocks' AC (one block covers 2x2 pixels): only AC passes have it.
		if (progressive && sampling.some(component => component.h !== maxH || component.v !== maxV)) throwUnsupported('progressive with subsampled chroma');
		const mcusWide = Math.ceil(width / (8 * maxH));
		const mcusHigh = Math.ceil(height / (8 * maxV));
		const size = 8 / scale;
		const components = sampling.map((component): Component => {
			// Chroma sampled at half the rate comes out of each block at twice the luma's pixels (up to a whole block; past that it is repeated).
			const pixelsWide = Math.min(8, (size * maxH) / component.h);
			const pixelsHigh = Math.min(8, (size * maxV) / component.v);
			if (!Number.isInteger(pixelsWide) || !Number.isInteger(pixelsHigh)) throwUnsupported(`sampling ${component.h}x${component.v} of ${maxH}x${maxV}`);
			const stride = mcusWide * component.h * pixelsWide;
			return {
				...component,
				pixelsWide,
				pixelsHigh,
				idct: pixelsWide * pixelsHigh > 1 ? new ScaledIdct(pixelsWide, pixelsHigh) : undefined,
				blocksWide: Math.ceil(Math.ceil((width * component.h) / maxH) / 8),
				blocksHigh: Math.ceil(Math.ceil((height * component.v) / maxV) / 8),
				plane: new Uint8Array(stride * mcusHigh * component.v * pixelsHigh),
				stride,
				dcs: progressive ? new Int32Array((stride / pixelsWide) * mcusHigh * component.v) : undefined,
				scanned: false,
				dcPredictor: 0,
			};
		});
		this.frame = {width, height, components, maxH, maxV, mcusWide, mcusHigh, scale, progressive};
	}

	private readQuantTables(start: number, end: number): void {
		readQuantSegment(this.data, start, end, (id, table) => {
			this.quantTables[id] = table;
		});
	}

	private readHuffmanTables(start: number, end: number): void {
		readHuffmanSegment(this.data, start, end, (tableClass, id, table) => {
			(tableClass === 0 ? this.dcTables : this.acTables)[id] = table;
		});
	}

	/** Decodes one scan into the planes; returns where its data ends (at the next marker). */
	private decodeScan(start: number, end: number): number {
		const {data} = this;
		const frame = this.frame ?? fail('scan before the frame header');
		const count = data[start]!;
		if (count < 1 || count > 4 || end - start !== 4 + count * 2) fail('bad scan header');
		const [first, last, bitsSent] = [data[end - 3]!, data[end - 2]!, data[end - 1]!];
		if (frame.progressive) {
			if (first > 0) return endOfScanData(data, end);
			if (last !== 0) fail('bad progressive scan');
		} else if (first !== 0 || last !== 63 || bitsSent !== 0) fail('not a sequential scan');
		const refining = bitsSent >> 4 > 0;
		const low = bitsSent & 15;
		const scanned: Component[] = [];
		for (let i = 0; i < count; i++) {
			const id = data[start + 1 + i * 2]!;
			const tables = data[start + 2 + i * 2]!;
			const component = frame.components.find(candidate => candidate.id === id) ?? fail(`scan names unknown component ${id}`);
			if (component.scanned && !frame.progressive) fail(`component ${id} scanned twice`);
			component.scanned = true;
			component.dc = this.dcTables[tables >> 4] ?? (refining ? undefined : fail('scan uses a missing DC table'));
			component.ac = this.acTables[tables & 15] ?? (frame.progressive ? undefined : fail('scan uses a missing AC table'));
			component.quant = this.quantTables[component.quantTable] ?? fail(`quantisation table ${component.quantTable} missing`);
			component.dcPredictor = 0;
			scanned.push(component);
		}

		const readBlock = frame.progressive
			? (bits: FastBitReader, component: Component, blockX: number, blockY: number) =>
					readDc(bits, component, blockY * (component.stride / component.pixelsWide) + blockX, refining, low)
			: (bits: FastBitReader, component: Component, blockX: number, blockY: number) =>
					this.decodeBlock(bits, component, blockY * component.pixelsHigh * component.stride + blockX * component.pixelsWide);
		const single = count === 1 ? scanned[0]! : undefined;
		const mcusWide = single ? single.blocksWide : frame.mcusWide;
		const mcus = single ? single.blocksWide * single.blocksHigh : frame.mcusWide * frame.mcusHigh;
		const bits = new FastBitReader(data, end);
		for (let mcu = 0, restarts = 0; mcu < mcus; mcu++) {
			if (this.restartInterval > 0 && mcu > 0 && mcu % this.restartInterval === 0) {
				bits.endInterval();
				bits.restart(restarts++ % 8);
				for (const component of scanned) component.dcPredictor = 0;
			}

			const mcuX = mcu % mcusWide;
			const mcuY = (mcu - mcuX) / mcusWide;
			if (single) {
				readBlock(bits, single, mcuX, mcuY);
				continue;
			}

			for (const component of scanned) {
				const {h, v} = component;
				for (let y = 0; y < v; y++) {
					for (let x = 0; x < h; x++) readBlock(bits, component, mcuX * h + x, mcuY * v + y);
				}
			}
		}

		bits.endInterval();
		return bits.position;
	}

	/** One block's codes, its pixels at the frame's scale into the component's plane at `at`. */
	private decodeBlock(bits: FastBitReader, component: Component, at: number): void {
		readDcDifference(bits, component);
		const quant = component.quant!;
		const {ac, idct} = component;
		if (!idct) {
			for (let k = 1; k < 64;) {
				const symbol = bits.decode(ac!);
				const size = symbol & 15;
				if (size === 0) {
					if (symbol !== 0xf0) break;
					k += 16;
				} else {
					k += (symbol >> 4) + 1;
					bits.skip(size);
				}

				if (k > 64) fail(`run past the end of a block near byte ${bits.position}`);
			}

			const mean = ((component.dcPredictor * quant[0]! + 4) >> 3) + 128;
			component.plane[at] = mean < 0 ? 0 : mean > 255 ? 255 : mean;
			return;
		}

		const {coefficients} = idct;
		coefficients[0] = component.dcPredictor * quant[0]!;
		// Which rows of coefficients have an AC one: the IDCT skips the others (most blocks have a few low frequencies, many none).
		let rowsUsed = 0;
		for (let k = 1; k < 64; k++) {
			const symbol = bits.decode(ac!);
			const size = symbol & 15;
			if (size === 0) {
				if (symbol !== 0xf0) break;
				k += 15;
				continue;
			}

			k += symbol >> 4;
			if (k > 63) fail(`run past the end of a block near byte ${bits.position}`);
			const natural = ZIGZAG[k]!;
			coefficients[natural] = bits.receiveExtend(size) * quant[k]!;
			rowsUsed |= 1 << (natural >> 3);
		}

		if (rowsUsed !== 0) rowsUsed |= 1;
		idct.output(component.plane, at, component.stride, rowsUsed);
	}
}

/** A block's DC difference, added to the component's DC. */
function readDcDifference(bits: FastBitReader, component: Component): void {
	const category = bits.decode(component.dc!);
	if (category > 11) fail(`bad DC value near byte ${bits.position}`);
	if (category > 0) component.dcPredictor += bits.receiveExtend(category);
}

/** Progressive: block `index`'s DC from a first pass (its difference, shifted left by `low`), or its bit `low` from a refining one. */
function readDc(bits: FastBitReader, component: Component, index: number, refining: boolean, low: number): void {
	const dcs = component.dcs!;
	if (refining) {
		if (bits.receive(1) === 1) dcs[index]! |= 1 << low;
		return;
	}

	readDcDifference(bits, component);
	dcs[index] = component.dcPredictor * (1 << low);
}

/** Progressive at 1/8: each block's mean, from its DC, over the pixels it has in the plane. */
function drawDcs(component: Component): void {
	const {dcs, plane, stride, pixelsWide, pixelsHigh} = component;
	const step = component.quant![0]!;
	const blocksAcross = stride / pixelsWide;
	for (let index = 0; index < dcs!.length; index++) {
		const mean = ((dcs![index]! * step + 4) >> 3) + 128;
		const at = Math.floor(index / blocksAcross) * pixelsHigh * stride + (index % blocksAcross) * pixelsWide;
		for (let row = 0; row < pixelsHigh; row++) plane.fill(mean < 0 ? 0 : mean > 255 ? 255 : mean, at + row * stride, at + row * stride + pixelsWide);
	}
}

function throwUnsupported(why: string): never {
	throw new Unsupported(why);
}
