/**
 * Renders previews off the main thread: decoding a camera JPEG takes tens
 * of milliseconds, hundreds for a large image on a Raspberry Pi, and the
 * main thread must keep reading the serial port (the relay drops output
 * when the host stops reading for ~50 ms).
 *
 * Each image is decoded once (jpeg-js, straight to RGB) and kept as a small
 * thumbnail while it is likely to be asked for again at another size or
 * mode (the zoom view, a resize, `P`); the text is scaled from that. Decoding makes large
 * short-lived buffers outside the heap, which a small heap would keep for
 * a long time: the worker collects after every few megabytes of them.
 */
import {readFile} from 'node:fs/promises';
import {parentPort, workerData} from 'node:worker_threads';
import jpeg from 'jpeg-js';
import {CollectEvery} from '../../worker-memory.js';
import type {ColourLevel} from '../../graphics/cells/colour.js';
import {CELL_SHAPES, type TextCellMode} from '../../graphics/cells/glyphs.js';
import {textCells} from '../../graphics/cells/index.js';
import {encodePng} from '../../graphics/kitty/png-encoder.js';
import {isPixelProtocol, pixelPicture, type PixelPicture, type PixelProtocol, type PixelTerminal} from '../../graphics/pixel-picture.js';
import {fitCells, scaleImage, type RgbImage} from '../../graphics/rgb-image.js';
import {decodePartialJpeg} from './decode-partial.js';

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

/** Enough pixels for a text-cell preview up to 400 columns by 150 rows, and for a zoomed picture in pixels. */
const THUMBNAIL = {width: 800, height: 600};
const THUMBNAILS_KEPT = 4;
/** Camera sensors make up to 5 MP; jpeg-js needs ~10 bytes a pixel to decode. */
const DECODE_LIMITS = {maxResolutionInMP: 6, maxMemoryUsageInMB: 64};

const {colourLevel} = workerData as PreviewWorkerData;
const thumbnails = new Map<string, RgbImage & {partial?: string}>();
const collector = new CollectEvery(4 * 1024 * 1024);

async function thumbnailOf(file: string): Promise<RgbImage & {partial?: string}> {
	const kept = thumbnails.get(file);
	if (kept) {
		thumbnails.delete(file);
		thumbnails.set(file, kept);
		return kept;
	}

	const bytes = await readFile(file);
	const decoded = decodeWhole(bytes) ?? decodeIncomplete(bytes);
	// Blocks of coefficients, one line per row and component, the RGB result: about 4x the RGB.
	collector.handledBytes(bytes.length + decoded.data.length * 4);
	const scale = Math.min(1, THUMBNAIL.width / decoded.width, THUMBNAIL.height / decoded.height);
	const thumbnail = {...scaleImage(decoded, Math.max(1, Math.round(decoded.width * scale)), Math.max(1, Math.round(decoded.height * scale))), partial: decoded.partial};
	thumbnails.set(file, thumbnail);
	if (thumbnails.size > THUMBNAILS_KEPT) thumbnails.delete(thumbnails.keys().next().value!);
	return thumbnail;
}

function decodeWhole(bytes: Uint8Array): (RgbImage & {partial?: string}) | undefined {
	try {
		return jpeg.decode(bytes, {useTArray: true, formatAsRGBA: false, ...DECODE_LIMITS});
	} catch {
		return undefined;
	}
}

/** jpeg-js gives up on a cut JPEG: its decodable part, the rest grey. */
function decodeIncomplete(bytes: Uint8Array): RgbImage & {partial: string} {
	const partial = decodePartialJpeg(bytes, DECODE_LIMITS);
	if (!partial.drawn) throw new Error(partial.why);
	const share = Math.floor(partial.share * 100);
	return {...partial.image, partial: partial.scrambled ? `${share}% decoded, may be jumbled after a hole` : `${share}% decoded`};
}

parentPort!.on('message', async ({id, file, width, height, mode, pixels}: PreviewRequest) => {
	let answer: PreviewAnswer;
	try {
		const thumbnail = await thumbnailOf(file);
		if (isPixelProtocol(mode)) {
			// iTerm2 gets the JPEG as it is (read again: the thumbnail is all that is kept); a cut one, what could be drawn of it.
			const bytes = mode !== 'iterm' ? undefined : thumbnail.partial === undefined ? await readFile(file) : encodePng(thumbnail);
			const {text, ...picture} = pixelPicture(mode, thumbnail, () => bytes!, width, height, pixels!, pixels!.imageId);
			parentPort!.postMessage({id, text, picture, partial: thumbnail.partial} satisfies PreviewAnswer);
			return;
		}

		const cells = fitCells(thumbnail.width, thumbnail.height, width, height);
		const shape = CELL_SHAPES[mode];
		answer = {id, text: textCells(scaleImage(thumbnail, cells.columns * shape.columns, cells.rows * shape.rows), mode, colourLevel), partial: thumbnail.partial};
	} catch (error) {
		answer = {id, error: (error as Error).message.split('\n')[0] ?? 'cannot decode'};
	}

	parentPort!.postMessage(answer);
});
