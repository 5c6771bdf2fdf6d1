/**
 * Draws a JPEG that is cut short or has a hole (chunks lost on the air are
 * simply skipped, so the bytes after a hole belong further on): the part that
 * decodes is shown, the rest is grey. jpeg-js gives up on such a JPEG, so the
 * strict walker (scanProgress) finds the last MCU that can be trusted, and a
 * new JPEG is made of the bytes up to it and blank MCUs (DC difference 0,
 * end of block) for the rest, with the restart markers the frame needs;
 * jpeg-js decodes that, and the blank part is painted grey.
 *
 * Where a hole is cannot always be told: without restart markers the
 * Huffman decoder falls back into step a few codes after it and reads on,
 * the picture shifted and off colour, until the data ends too early. Such a
 * picture is drawn as far as it decodes and said to be `scrambled`.
 */
import {jpegShape} from '../../core/reassembly/jpeg-shape.js';
import jpeg from 'jpeg-js';
import {huffmanCode, scanProgress, type HuffmanTable, type ScanProgress} from '../../core/jpeg/strict-jpeg.js';
import type {RgbImage} from '../../graphics/rgb-image.js';

export type PartialDecode =
	| {
			drawn: true;
			image: RgbImage;
			/** Rows from the top decoded whole from the image's own bytes (or as far as it decodes, when `scrambled`). */
			decodedRows: number;
			/** The share of the picture's MCUs decoded, 0..1. */
			share: number;
			/** A hole somewhere that cannot be placed: part of what is drawn may be out of place. */
			scrambled: boolean;
	  }
	| {drawn: false; why: string};

export interface PartialDecodeLimits {
	maxResolutionInMP: number;
	maxMemoryUsageInMB: number;
}

const GREY = 128;

export function decodePartialJpeg(bytes: Uint8Array, limits: PartialDecodeLimits): PartialDecode {
	const verdict = scanProgress(bytes, limits.maxResolutionInMP * 1024 * 1024);
	if (!verdict.drawable) return {drawn: false, why: verdict.why};
	const {progress} = verdict;
	const {trusted, scrambled} = trustedMcus(progress, bytes);
	const blank = blankMcu(progress.scanComponents);
	if (!blank) return {drawn: false, why: 'no end-of-block code to fill the missing part with'};
	let image: RgbImage;
	try {
		const decoded = jpeg.decode(withBlankMcus(bytes, progress, trusted, blank), {useTArray: true, formatAsRGBA: false, ...limits});
		image = {width: decoded.width, height: decoded.height, data: decoded.data};
	} catch (error) {
		return {drawn: false, why: (error as Error).message.split('\n')[0] ?? 'cannot decode'};
	}

	paintGrey(image, progress, trusted);
	const decodedRows = Math.min(progress.height, Math.floor(trusted / progress.mcusPerLine) * progress.mcuHeight);
	return {drawn: true, image, decodedRows, share: trusted / progress.mcus, scrambled};
}

/**
 * How many MCUs from the start decoded from the image's own bytes. A JPEG
 * cut short decodes right up to the cut. After a hole the decoder reads
 * bytes from further on as if they came next and notices later: with
 * restart markers, at the end of the interval the hole is in, so the MCUs
 * before that interval are sound; without, it may be anywhere before.
 */
function trustedMcus(progress: ScanProgress, bytes: Uint8Array): {trusted: number; scrambled: boolean} {
	const {decoded, why, stoppedAt, restartInterval} = progress;
	if (why === undefined || decoded === progress.mcus) return {trusted: decoded, scrambled: false};
	// It decoded some MCUs, so it begins with SOI: `whole` here says it ends with EOI.
	const cutShort = jpegShape(bytes) !== 'whole' && stoppedAt >= bytes.length - 2;
	if (cutShort) return {trusted: decoded, scrambled: false};
	if (restartInterval > 0) return {trusted: Math.floor(Math.max(0, decoded - 1) / restartInterval) * restartInterval, scrambled: false};
	return {trusted: decoded, scrambled: true};
}

interface Code {
	code: number;
	length: number;
}

/** The codes of a blank block for each block of an MCU: DC category 0 (or any), end of block. */
function blankMcu(scanComponents: ScanProgress['scanComponents']): {dc: Code; eob: Code}[] | undefined {
	const blocks: {dc: Code; eob: Code}[] = [];
	for (const {dc, ac, blocks: count} of scanComponents) {
		const dcCode = anyDcCode(dc);
		const eob = huffmanCode(ac, 0x00);
		if (!dcCode || !eob) return undefined;
		for (let block = 0; block < count; block++) blocks.push({dc: dcCode, eob});
	}

	return blocks;
}

/** Category 0 when the table has it; else another, its extra bits all 0 (the value does not matter: it is painted grey). */
function anyDcCode(table: HuffmanTable): Code | undefined {
	for (let category = 0; category <= 11; category++) {
		const found = huffmanCode(table, category);
		if (found) return {code: found.code * 2 ** category, length: found.length + category};
	}

	return undefined;
}

/** The JPEG's bytes up to the end of MCU `trusted`, then blank MCUs (and restart markers) to the end of the scan, then EOI. */
function withBlankMcus(bytes: Uint8Array, progress: ScanProgress, trusted: number, blank: {dc: Code; eob: Code}[]): Uint8Array {
	const endBit = trusted === 0 ? progress.dataStart * 8 : progress.mcuEnds[trusted - 1]!;
	const wholeBytes = Math.floor(endBit / 8);
	const blankBits = blank.reduce((sum, {dc, eob}) => sum + dc.length + eob.length, 0);
	const writer = new BitWriter(
		wholeBytes + Math.ceil(((progress.mcus - trusted) * blankBits) / 8) * 2 + Math.ceil((progress.mcus - trusted) / Math.max(1, progress.restartInterval)) * 4 + 16,
	);
	writer.copy(bytes.subarray(0, wholeBytes));
	if (endBit % 8 > 0) writer.bits(bytes[wholeBytes]! >> (8 - (endBit % 8)), endBit % 8);
	const interval = progress.restartInterval;
	for (let mcu = trusted; mcu < progress.mcus; mcu++) {
		if (interval > 0 && mcu > 0 && mcu % interval === 0) writer.marker(0xd0 + ((mcu / interval - 1) % 8));
		for (const {dc, eob} of blank) {
			writer.bits(dc.code, dc.length);
			writer.bits(eob.code, eob.length);
		}
	}

	writer.marker(0xd9);
	return writer.bytes();
}

/** Entropy-coded bits with FF stuffing; a marker pads the last byte with 1 bits first. */
class BitWriter {
	private readonly out: Uint8Array;
	private length = 0;
	private pending = 0;
	private pendingBits = 0;

	constructor(capacity: number) {
		this.out = new Uint8Array(capacity);
	}

	copy(data: Uint8Array): void {
		this.out.set(data, this.length);
		this.length += data.length;
	}

	bits(value: number, count: number): void {
		for (let bit = count - 1; bit >= 0; bit--) {
			this.pending = (this.pending << 1) | (Math.floor(value / 2 ** bit) & 1);
			if (++this.pendingBits === 8) this.flushByte();
		}
	}

	marker(marker: number): void {
		if (this.pendingBits > 0) this.bits(0xff, 8 - this.pendingBits);
		this.out[this.length++] = 0xff;
		this.out[this.length++] = marker;
	}

	bytes(): Uint8Array {
		return this.out.subarray(0, this.length);
	}

	private flushByte(): void {
		this.out[this.length++] = this.pending;
		if (this.pending === 0xff) this.out[this.length++] = 0x00;
		this.pending = 0;
		this.pendingBits = 0;
	}
}

/** Every pixel of the MCUs from `trusted` on, grey: the first ones on their MCU row, then every row below. */
function paintGrey(image: RgbImage, progress: ScanProgress, trusted: number): void {
	const {mcusPerLine, mcuWidth, mcuHeight} = progress;
	const {width, height, data} = image;
	const row = Math.floor(trusted / mcusPerLine);
	const top = row * mcuHeight;
	if (top >= height) return;
	const left = (trusted % mcusPerLine) * mcuWidth;
	const bottom = Math.min(height, top + mcuHeight);
	if (left > 0) {
		for (let y = top; y < bottom; y++) data.fill(GREY, (y * width + left) * 3, (y + 1) * width * 3);
		data.fill(GREY, bottom * width * 3);
	} else {
		data.fill(GREY, top * width * 3);
	}
}
