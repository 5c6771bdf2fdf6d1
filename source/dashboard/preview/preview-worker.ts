/**
 * Renders previews off the main thread: decoding a camera JPEG takes tens
 * of milliseconds, hundreds for a large image on a Raspberry Pi, and the
 * main thread must keep reading the serial port (the relay drops output
 * when the host stops reading for ~50 ms).
 *
 * Each image is decoded at the size it is shown: a camera's (baseline) JPEG
 * at 1/8, 1/4 or 1/2 of its size, whichever is the smallest that still gives
 * the pixels the cells need (jpeg/scaled-jpeg.ts: 1/8 reads the DC of each
 * block alone); a damaged one, or a progressive one the scaled decoder
 * leaves (larger than 1/8, or with subsampled chroma), whole by jpeg-js. The picture is
 * kept while it is likely to be asked for again at another size or mode
 * (the zoom view, a resize, `P`), and decoded again larger when a larger
 * view needs more pixels than it has. Decoding makes large
 * short-lived buffers outside the heap, which a small heap would keep for
 * a long time: the worker collects after every few megabytes of them.
 * What only some pictures need (jpeg-js, the pixel-graphics encoders) is
 * loaded the first time one does: ~40 modules loaded in a thread take ~5 MB.
 */
import {readFile} from 'node:fs/promises';
import {parentPort, workerData} from 'node:worker_threads';
import {CollectEvery} from '../../runtime/worker-memory.js';
import type {ColourLevel} from '../../graphics/cells/colour.js';
import {CELL_SHAPES, type TextCellMode} from '../../graphics/cells/glyphs.js';
import {textCells} from '../../graphics/cells/index.js';
import type {PixelPicture, PixelProtocol, PixelTerminal} from '../../graphics/pixel-picture.js';
import {fitPixels} from '../../graphics/fit-pixels.js';
import {fitCells, scaleImage, type RgbImage} from '../../graphics/rgb-image.js';
import {Invalid} from '../../core/jpeg/invalid-jpeg.js';
import {decodeScaledJpeg, type ScaleDenominator} from '../../core/jpeg/scaled-jpeg.js';

export interface PreviewWorkerData {
	colourLevel: ColourLevel;
}

export interface PreviewRequest {
	id: number;
	file: string;
	width: number;
	height: number;
	mode: TextCellMode | PixelProtocol;
	/** With a pixel mode: the terminal's cell size, tmux, and (kitty) the image id. */
	pixels?: PixelTerminal & {imageId: number};
}

export interface PreviewAnswer {
	id: number;
	text?: string;
	/** With a pixel mode: the picture (its text is `text`). */
	picture?: Omit<PixelPicture, 'text'>;
	error?: string;
	/** The picture is an incomplete JPEG drawn partly, e.g. `62% decoded`. */
	partial?: string;
}

/** What the full decode (jpeg-js) keeps: enough for a text-cell preview up to 400 columns by 150 rows, and for a zoomed picture in pixels. */
const THUMBNAIL = {width: 800, height: 600};
/** Decoded pictures kept, by bytes: a 1/8 picture of a 640x480 JPEG takes 14 KB, an 800x600 one 1.4 MB. */
const KEPT_BYTES = 3 * 1024 * 1024;
/** Camera sensors make up to 5 MP; jpeg-js needs ~10 bytes a pixel to decode. */
const DECODE_LIMITS = {maxResolutionInMP: 6, maxMemoryUsageInMB: 64};
const MAX_PIXELS = DECODE_LIMITS.maxResolutionInMP * 1024 * 1024;

/**
 * A picture as decoded: `image` stands for the whole JPEG (`width` x
 * `height` pixels) at 1/`scale`, its first `usedWidth` x `usedHeight`
 * pixels (fractional: a 1/8 picture's last pixels are partly padding).
 */
interface Decoded {
	image: RgbImage;
	width: number;
	height: number;
	scale: number;
	usedWidth: number;
	usedHeight: number;
	partial?: string;
}

/** The pixels a request needs from a `width` x `height` picture. */
type Need = (width: number, height: number) => {width: number; height: number};

const {colourLevel} = workerData as PreviewWorkerData;
const pictures = new Map<string, Decoded>();
let keptBytes = 0;
const collector = new CollectEvery(4 * 1024 * 1024);

/** The picture of `file` with at least the pixels `need` asks for (or all it has): from what is kept, or decoded at the smallest scale that gives them. */
async function pictureOf(file: string, need: Need): Promise<Decoded> {
	const kept = pictures.get(file);
	if (kept && (kept.scale === 1 || scaleFor(kept.width, kept.height, need) >= kept.scale)) {
		pictures.delete(file);
		pictures.set(file, kept);
		return kept;
	}

	const bytes = await readFile(file);
	const decoded = decodeScaled(bytes, need) ?? (await decodeFull(bytes));
	collector.handledBytes(bytes.length + decoded.image.data.length * 4);
	if (kept) forget(file);
	pictures.set(file, decoded);
	keptBytes += decoded.image.data.length;
	while (keptBytes > KEPT_BYTES && pictures.size > 1) forget(pictures.keys().next().value!);
	return decoded;
}

function forget(file: string): void {
	keptBytes -= pictures.get(file)!.image.data.length;
	pictures.delete(file);
}

/**
 * The largest of 1/8, 1/4, 1/2 that gives twice the pixels needed each way;
 * 1 when only full size does. Twice: a cell's edge falls inside a decoded
 * pixel, whose part on each side is taken as its mean; with pixels half a
 * target pixel wide, a cell on a sharp edge is at most a few levels off what
 * the whole picture averages to (with just enough pixels, up to 20).
 */
function scaleFor(width: number, height: number, need: Need): ScaleDenominator | 1 {
	const needed = need(width, height);
	for (const scale of [8, 4, 2] as const) if (width / scale >= 2 * needed.width && height / scale >= 2 * needed.height) return scale;
	return 1;
}

/** Camera JPEGs (baseline), straight at the scale needed; undefined for what only a full decode draws (see scaled-jpeg.ts; damaged; full size wanted). */
function decodeScaled(bytes: Uint8Array, need: Need): Decoded | undefined {
	try {
		const decoded = decodeScaledJpeg(
			bytes,
			(width, height) => {
				const scale = scaleFor(width, height, need);
				return scale === 1 ? undefined : scale;
			},
			MAX_PIXELS,
		);
		if ('unsupported' in decoded) return undefined;
		const {image, width, height, scale} = decoded;
		return {image, width, height, scale, usedWidth: width / scale, usedHeight: height / scale};
	} catch (error) {
		if (error instanceof Invalid) return undefined;
		throw error;
	}
}

/** jpeg-js, kept at most THUMBNAIL's size; a cut JPEG drawn in part. */
async function decodeFull(bytes: Uint8Array): Promise<Decoded> {
	const decoded = (await decodeWhole(bytes)) ?? (await decodeIncomplete(bytes));
	const scale = Math.min(1, THUMBNAIL.width / decoded.width, THUMBNAIL.height / decoded.height);
	const image = scaleImage(decoded, Math.max(1, Math.round(decoded.width * scale)), Math.max(1, Math.round(decoded.height * scale)));
	return {image, width: decoded.width, height: decoded.height, scale: 1, usedWidth: image.width, usedHeight: image.height, partial: decoded.partial};
}

async function decodeWhole(bytes: Uint8Array): Promise<(RgbImage & {partial?: string}) | undefined> {
	const {default: jpeg} = await import('jpeg-js');
	try {
		return jpeg.decode(bytes, {useTArray: true, formatAsRGBA: false, ...DECODE_LIMITS});
	} catch {
		return undefined;
	}
}

/** jpeg-js gives up on a cut JPEG: its decodable part, the rest grey. */
async function decodeIncomplete(bytes: Uint8Array): Promise<RgbImage & {partial: string}> {
	const {decodePartialJpeg} = await import('./decode-partial.js');
	const partial = decodePartialJpeg(bytes, DECODE_LIMITS);
	if (!partial.drawn) throw new Error(partial.why);
	const share = Math.floor(partial.share * 100);
	return {...partial.image, partial: partial.scrambled ? `${share}% decoded, may be jumbled after a hole` : `${share}% decoded`};
}

/** The picture scaled to `size`: text cells' pixels, or the pixels a pixel protocol is sent. */
function scaledTo(picture: Decoded, size: {width: number; height: number}): RgbImage {
	return scaleImage(picture.image, size.width, size.height, picture.usedWidth, picture.usedHeight);
}

const isTextCells = (mode: TextCellMode | PixelProtocol): mode is TextCellMode => mode in CELL_SHAPES;

parentPort!.on('message', (request: PreviewRequest) => void respond(request));

async function respond({id, file, width, height, mode, pixels}: PreviewRequest): Promise<void> {
	let answer: PreviewAnswer;
	try {
		if (!isTextCells(mode)) {
			const [{fitCellBox, pixelPicture}, {encodePng}] = await Promise.all([import('../../graphics/pixel-picture.js'), import('../../graphics/kitty/png-encoder.js')]);
			// The pixels the picture is sent at in the cells it takes (what kitty and sixel would scale it to).
			const need: Need = (pictureWidth, pictureHeight) => {
				const box = fitCellBox(pictureWidth, pictureHeight, width, height, pixels!.cell);
				return fitPixels(pictureWidth, pictureHeight, box.columns, box.rows, pixels!.cell);
			};
			const picture = await pictureOf(file, need);
			const image = scaledTo(picture, need(picture.width, picture.height));
			// iTerm2 gets the JPEG as it is (read again: the picture is all that is kept); a cut one, what could be drawn of it.
			const bytes = mode !== 'iterm' ? undefined : picture.partial === undefined ? await readFile(file) : encodePng(image);
			const {text, ...drawn} = pixelPicture(mode, image, () => bytes!, width, height, pixels!, pixels!.imageId, picture);
			parentPort!.postMessage({id, text, picture: drawn, partial: picture.partial} satisfies PreviewAnswer);
			return;
		}

		const shape = CELL_SHAPES[mode];
		const need: Need = (pictureWidth, pictureHeight) => {
			const cells = fitCells(pictureWidth, pictureHeight, width, height);
			return {width: cells.columns * shape.columns, height: cells.rows * shape.rows};
		};
		const picture = await pictureOf(file, need);
		answer = {id, text: textCells(scaledTo(picture, need(picture.width, picture.height)), mode, colourLevel), partial: picture.partial};
	} catch (error) {
		answer = {id, error: (error as Error).message.split('\n')[0] ?? 'cannot decode'};
	}

	parentPort!.postMessage(answer);
}
