import type {CellPixels} from '../../terminal/cell-pixels.js';
import type {RgbPixels} from '../fit-pixels.js';
import {scaleImage} from '../rgb-image.js';
import {PALETTE_RGB, PALETTE_SIZE, paletteIndex} from './sixel-palette.js';

const ESC = '\u001B';
const BAND = 6;

/**
 * The image as a sixel DCS (`ESC P 0;1;0 q "1;1;W;H ... ESC \`): raster
 * attributes with the exact size (square pixels), the palette registers the
 * image uses, then one band of six pixel rows at a time: for each colour in
 * the band its sixels, repeats run-length coded (`!n`), `$` back to the
 * band's start for the next colour, `-` to the next band.
 */
export function encodeSixel(image: RgbPixels): string {
	const {width, height, data} = image;
	const registers = new Uint8Array(width * height);
	const used = new Uint8Array(PALETTE_SIZE);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const pixel = y * width + x;
			const register = paletteIndex(data[pixel * 3]!, data[pixel * 3 + 1]!, data[pixel * 3 + 2]!, x, y);
			registers[pixel] = register;
			used[register] = 1;
		}
	}

	const parts: string[] = [`${ESC}P0;1;0q"1;1;${width};${height}`];
	for (let register = 0; register < PALETTE_SIZE; register++) {
		if (used[register]) parts.push(colourDefinition(register));
	}

	// Per band: each colour's sixel bits by column, and the columns each colour spans.
	const bits = new Uint8Array(PALETTE_SIZE * width);
	const first = new Int32Array(PALETTE_SIZE);
	const last = new Int32Array(PALETTE_SIZE);
	// Colours in the order they first appear in the band.
	const colours: number[] = [];
	for (let top = 0; top < height; top += BAND) {
		colours.length = 0;
		first.fill(-1);
		for (let row = 0; row < BAND && top + row < height; row++) {
			for (let x = 0; x < width; x++) {
				const register = registers[(top + row) * width + x]!;
				if (first[register] === -1) {
					first[register] = x;
					last[register] = x;
					colours.push(register);
				} else {
					first[register] = Math.min(first[register]!, x);
					last[register] = Math.max(last[register]!, x);
				}

				const at = register * width + x;
				bits[at] = bits[at]! | (1 << row);
			}
		}

		for (const [position, register] of colours.entries()) {
			if (position > 0) parts.push('$');
			parts.push(`#${register}`);
			sixelRun(parts, bits, register * width, first[register]!, last[register]!);
			bits.fill(0, register * width, (register + 1) * width);
		}

		if (top + BAND < height) parts.push('-');
	}

	parts.push(`${ESC}\\`);
	return parts.join('');
}

/**
 * A sixel picture of `image` for a placement of `columns` x `rows` cells.
 * Sixel is drawn at its size in pixels, so it is scaled to fill its cells,
 * up or down, undistorted, never past them (or the terminal would scroll).
 */
export function sixelPicture(image: RgbPixels, columns: number, rows: number, cell: CellPixels): string {
	const scale = Math.min((columns * cell.width) / image.width, (rows * cell.height) / image.height);
	const width = Math.max(1, Math.floor(image.width * scale));
	const height = Math.max(1, Math.floor(image.height * scale));
	return encodeSixel(scaleImage(image, width, height));
}

function colourDefinition(register: number): string {
	const percent = (value: number) => Math.round((value * 100) / 255);
	return `#${register};2;${percent(PALETTE_RGB[register * 3]!)};${percent(PALETTE_RGB[register * 3 + 1]!)};${percent(PALETTE_RGB[register * 3 + 2]!)}`;
}

/** The sixels of one colour from column 0 (empty before `from`) to `to`, repeats coded as `!n`. */
function sixelRun(parts: string[], bits: Uint8Array, offset: number, from: number, to: number): void {
	pushRepeat(parts, 0, from);
	let value = bits[offset + from]!;
	let count = 0;
	for (let x = from; x <= to; x++) {
		const next = bits[offset + x]!;
		if (next !== value) {
			pushRepeat(parts, value, count);
			value = next;
			count = 0;
		}

		count++;
	}

	pushRepeat(parts, value, count);
}

function pushRepeat(parts: string[], value: number, count: number): void {
	if (count === 0) return;
	const char = String.fromCharCode(63 + value);
	if (count > 3) parts.push(`!${count}${char}`);
	else parts.push(char.repeat(count));
}
