import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import jpeg from 'jpeg-js';
import {chooseTextCells} from '../../../source/graphics/cells/choose-text-cells.js';
import {fitCellGrid, gridPixels} from '../../../source/graphics/cells/fit.js';
import {CELL_SHAPES, GLYPHS, TEXT_CELL_MODES, type TextCellMode} from '../../../source/graphics/cells/glyphs.js';
import {textCells} from '../../../source/graphics/cells/index.js';
import {nextPreviewMode, nextTextCellMode, previewSetup} from '../../../source/dashboard/preview/preview-choice.js';
import {fitCells, scaleImage, type RgbImage} from '../../../source/graphics/rgb-image.js';
import {PreviewRenderer} from '../../../source/dashboard/preview/preview-renderer.js';
import {tempDir} from '../../helpers/temp-dir.js';

const RESET = '\u001B[0m';
const rgb = (red: number, green: number, blue: number) => [red, green, blue] as const;

/** A one-cell picture of `mode`'s shape: `foreground` where `pattern` has a bit, `background` elsewhere. */
function oneCell(mode: TextCellMode, pattern: number, foreground: readonly number[], background: readonly number[]): RgbImage {
	const {columns, rows} = CELL_SHAPES[mode];
	const data = new Uint8Array(columns * rows * 3);
	for (let bit = 0; bit < columns * rows; bit++) data.set(pattern & (1 << bit) ? foreground : background, bit * 3);
	return {width: columns, height: rows, data};
}

/** Which sub-pixels a block character covers, from its shape in eighths (x0, y0, x1, y1) as the Unicode charts draw it. */
// prettier-ignore
const BLOCK_SHAPES: Record<number, [number, number, number, number][]> = {
	0x20: [],
	0x2588: [[0, 0, 8, 8]],
	0x2580: [[0, 0, 8, 4]],
	0x2584: [[0, 4, 8, 8]],
	0x258c: [[0, 0, 4, 8]],
	0x2590: [[4, 0, 8, 8]],
	0x2598: [[0, 0, 4, 4]],
	0x259d: [[4, 0, 8, 4]],
	0x2596: [[0, 4, 4, 8]],
	0x2597: [[4, 4, 8, 8]],
	0x259a: [[0, 0, 4, 4], [4, 4, 8, 8]],
	0x259e: [[4, 0, 8, 4], [0, 4, 4, 8]],
	0x259b: [[0, 0, 8, 4], [0, 4, 4, 8]],
	0x259c: [[0, 0, 8, 4], [4, 4, 8, 8]],
	0x2599: [[0, 0, 4, 8], [4, 4, 8, 8]],
	0x259f: [[4, 0, 8, 8], [0, 4, 4, 8]],
	0x2582: [[0, 6, 8, 8]], // LOWER ONE QUARTER BLOCK
	0x2586: [[0, 2, 8, 8]], // LOWER THREE QUARTERS BLOCK
	0x1fb82: [[0, 0, 8, 2]], // UPPER ONE QUARTER BLOCK
	0x1fb85: [[0, 0, 8, 6]], // UPPER THREE QUARTERS BLOCK
	0x1fbe6: [[0, 2, 4, 6]], // MIDDLE LEFT ONE QUARTER BLOCK
	0x1fbe7: [[4, 2, 8, 6]], // MIDDLE RIGHT ONE QUARTER BLOCK
	0x1cea8: [[0, 0, 4, 2]], // LEFT HALF UPPER ONE QUARTER BLOCK
	0x1ceab: [[4, 0, 8, 2]], // RIGHT HALF UPPER ONE QUARTER BLOCK
	0x1cea3: [[0, 6, 4, 8]], // LEFT HALF LOWER ONE QUARTER BLOCK
	0x1cea0: [[4, 6, 8, 8]], // RIGHT HALF LOWER ONE QUARTER BLOCK
};

/** The pattern a block character draws in `mode`'s shape: which sub-pixels' centres it covers. */
function drawnPattern(codePoint: number, mode: TextCellMode): number | undefined {
	const rectangles = BLOCK_SHAPES[codePoint];
	if (!rectangles) return undefined;
	const {columns, rows} = CELL_SHAPES[mode];
	let pattern = 0;
	for (let row = 0; row < rows; row++) {
		for (let column = 0; column < columns; column++) {
			const x = ((column + 0.5) * 8) / columns;
			const y = ((row + 0.5) * 8) / rows;
			if (rectangles.some(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1)) pattern |= 1 << (row * columns + column);
		}
	}

	return pattern;
}

/** Squared error of `mode`'s cells against the picture, measured on the picture's own pixels. */
function errorOf(source: RgbImage, cells: {columns: number; rows: number}, mode: TextCellMode): number {
	const shape = CELL_SHAPES[mode];
	const drawn = gridPixels(fitCellGrid(scaleImage(source, cells.columns * shape.columns, cells.rows * shape.rows), mode));
	let error = 0;
	for (let y = 0; y < source.height; y++) {
		for (let x = 0; x < source.width; x++) {
			const at = (Math.floor((y * drawn.height) / source.height) * drawn.width + Math.floor((x * drawn.width) / source.width)) * 3;
			for (let channel = 0; channel < 3; channel++) error += (source.data[(y * source.width + x) * 3 + channel]! - drawn.data[at + channel]!) ** 2;
		}
	}

	return error;
}

/** A test card: a disc, a diagonal edge and thin stripes on a gradient. */
function testCard(width: number, height: number): RgbImage {
	const data = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			let colour: readonly number[] = rgb((x * 255) / width, 80, (y * 255) / height);
			if ((x - width * 0.3) ** 2 + (y - height * 0.4) ** 2 < (height * 0.25) ** 2) colour = rgb(250, 230, 40);
			else if (x > width * 0.6 && y > (x - width * 0.6) * 1.5) colour = rgb(20, 20, 20);
			else if (x < width * 0.6 && y > height * 0.75 && Math.floor(x / 7) % 2 === 0) colour = rgb(240, 240, 240);
			data.set(colour, (y * width + x) * 3);
		}
	}

	return {width, height, data};
}

describe('text cell glyph tables', () => {
	it('spaces: one pixel a cell, drawn as its background behind a space', () => {
		assert.deepEqual(GLYPHS.spaces, [' ']);
	});

	for (const mode of TEXT_CELL_MODES.filter(mode => mode !== 'spaces')) {
		it(`${mode}: a distinct single character for every one of the ${2 ** (CELL_SHAPES[mode].columns * CELL_SHAPES[mode].rows)} patterns`, () => {
			const {columns, rows} = CELL_SHAPES[mode];
			const glyphs = GLYPHS[mode];
			assert.equal(glyphs.length, 2 ** (columns * rows));
			assert.equal(new Set(glyphs).size, glyphs.length);
			for (const glyph of glyphs) assert.equal([...glyph].length, 1, JSON.stringify(glyph));
		});
	}

	it('every block element drawn (half, quadrant, and those octants and sextants reuse) draws its pattern', () => {
		let checked = 0;
		for (const mode of TEXT_CELL_MODES) {
			for (const [pattern, glyph] of GLYPHS[mode].entries()) {
				const drawn = drawnPattern(glyph.codePointAt(0)!, mode);
				if (drawn === undefined) continue;
				assert.equal(drawn, pattern, `${mode} pattern ${pattern.toString(2)}: U+${glyph.codePointAt(0)!.toString(16)}`);
				checked++;
			}
		}

		// 1 spaces, 4 half, 16 quadrant, 4 sextant, 26 octant patterns have older characters.
		assert.equal(checked, 1 + 4 + 16 + 4 + 26);
	});

	it('sextants and octants fill their Unicode blocks in pattern order, as their names say', () => {
		const fromBlock = (mode: TextCellMode, first: number) =>
			GLYPHS[mode].map((glyph, pattern) => [pattern, glyph.codePointAt(0)! - first] as const).filter(([, offset]) => offset >= 0 && offset < 0x100);
		const sextants = fromBlock('sextant', 0x1fb00);
		const octants = fromBlock('octant', 0x1cd00);
		assert.deepEqual(
			sextants.map(([, offset]) => offset),
			Array.from({length: 60}, (_, index) => index),
		);
		assert.deepEqual(
			octants.map(([, offset]) => offset),
			Array.from({length: 230}, (_, index) => index),
		);
		// Sub-pixels numbered 1.. in reading order, as in the names (UnicodeData.txt).
		const named = (digits: string) => [...digits].reduce((pattern, digit) => pattern | (1 << (Number(digit) - 1)), 0);
		assert.equal(GLYPHS.sextant[named('1')], '\u{1FB00}'); // BLOCK SEXTANT-1
		assert.equal(GLYPHS.sextant[named('35')], '\u{1FB13}'); // BLOCK SEXTANT-35
		assert.equal(GLYPHS.sextant[named('235')], '\u{1FB14}'); // BLOCK SEXTANT-235
		assert.equal(GLYPHS.sextant[named('23456')], '\u{1FB3B}'); // BLOCK SEXTANT-23456
		assert.equal(GLYPHS.octant[named('3')], '\u{1CD00}'); // BLOCK OCTANT-3
		assert.equal(GLYPHS.octant[named('146')], '\u{1CD20}'); // BLOCK OCTANT-146
		assert.equal(GLYPHS.octant[named('23568')], '\u{1CDA2}'); // BLOCK OCTANT-23568
		assert.equal(GLYPHS.octant[named('2345678')], '\u{1CDE5}'); // BLOCK OCTANT-2345678
	});
});

describe('cell fitting', () => {
	it('a 2x4 picture of one octant pattern gives exactly that glyph and its two colours', () => {
		const pattern = 0b1011_0110; // octants 2, 3, 5, 6, 8
		const text = textCells(oneCell('octant', pattern, [200, 30, 10], [10, 20, 250]), 'octant', 3);
		assert.equal(text, `\u001B[48;2;10;20;250m\u001B[38;2;200;30;10m\u{1CDA2}${RESET}`);
	});

	for (const mode of TEXT_CELL_MODES) {
		it(`${mode}: every two-colour pattern is found again exactly (or as its complement with the colours swapped)`, () => {
			const {columns, rows} = CELL_SHAPES[mode];
			const patterns = 2 ** (columns * rows);
			for (let pattern = 0; pattern < patterns; pattern++) {
				if (mode === 'half' && (pattern === 0 || pattern === patterns - 1)) continue;
				const grid = fitCellGrid(oneCell(mode, pattern, [250, 200, 0], [0, 40, 90]), mode);
				const drawn = gridPixels(grid);
				assert.deepEqual([...drawn.data], [...oneCell(mode, pattern, [250, 200, 0], [0, 40, 90]).data], `pattern ${pattern.toString(2)}`);
			}
		});
	}

	it('finds the split with the least squared error (checked against trying every pattern)', () => {
		let seed = 7;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed % 256;
		};

		for (let trial = 0; trial < 300; trial++) {
			const data = Uint8Array.from({length: 24}, random);
			const image = {width: 2, height: 4, data};
			const fitted = gridPixels(fitCellGrid(image, 'octant'));
			const error = (drawn: ArrayLike<number>) => data.reduce((sum, value, index) => sum + (value - drawn[index]!) ** 2, 0);
			let least = Number.POSITIVE_INFINITY;
			for (let pattern = 0; pattern < 256; pattern++) {
				const groups = [0, 1].map(side => {
					const members = Array.from({length: 8}, (_, bit) => bit).filter(bit => ((pattern >> bit) & 1) === side);
					return [0, 1, 2].map(channel => (members.length ? members.reduce((sum, bit) => sum + data[bit * 3 + channel]!, 0) / members.length : 0));
				});
				least = Math.min(least, error(Array.from({length: 24}, (_, index) => groups[(pattern >> Math.floor(index / 3)) & 1]![index % 3]!)));
			}

			// The colours are rounded to whole numbers: each channel of each sub-pixel at most half a step further off.
			assert.ok(error(fitted.data) <= least + 24 * 0.25 + 1e-9, `trial ${trial}: ${error(fitted.data)} > ${least}`);
		}
	});

	it('finer cells fit a picture more closely than half blocks, in the same number of cells', () => {
		const card = testCard(480, 360);
		const cells = fitCells(card.width, card.height, 36, 14);
		const errors = Object.fromEntries(TEXT_CELL_MODES.map(mode => [mode, errorOf(card, cells, mode)])) as Record<TextCellMode, number>;
		assert.ok(errors.quadrant < errors.half * 0.9, JSON.stringify(errors));
		assert.ok(errors.sextant < errors.quadrant, JSON.stringify(errors));
		assert.ok(errors.octant < errors.sextant, JSON.stringify(errors));
	});

	it('writes each colour only where it changes, and keeps colours by drawing a pattern or its complement', () => {
		// Two cells of opposite patterns in the same two colours: the second needs no new colour.
		const image: RgbImage = {width: 4, height: 2, data: new Uint8Array(4 * 2 * 3)};
		const red = [255, 0, 0];
		const blue = [0, 0, 255];
		// Quadrant cells: left cell upper row red, lower blue; right cell the other way round.
		for (const [x, y, colour] of [
			[0, 0, red],
			[1, 0, red],
			[0, 1, blue],
			[1, 1, blue],
			[2, 0, blue],
			[3, 0, blue],
			[2, 1, red],
			[3, 1, red],
		] as const) {
			image.data.set(colour, (y * 4 + x) * 3);
		}

		const text = textCells(image, 'quadrant', 3);
		assert.equal(text.match(/\u001B\[[34]8;/g)!.length, 2, JSON.stringify(text));
		assert.match(text, /\u2584\u2580|\u2580\u2584/);
	});

	it('reduces colours to the terminal’s: 256 colours, 16 colours; two colours that look the same there make one block', () => {
		const cell = oneCell('octant', 0b1111_0000, [255, 0, 0], [0, 0, 255]);
		assert.equal(textCells(cell, 'octant', 2), `\u001B[48;5;21m\u001B[38;5;196m\u2584${RESET}`);
		assert.equal(textCells(cell, 'octant', 1), `\u001B[104m\u001B[91m\u2584${RESET}`);
		// 200 and 210 red are one colour of the 256: a full block in it, no second colour written.
		const close = oneCell('octant', 0b1010_0101, [200, 0, 0], [210, 0, 0]);
		assert.equal(textCells(close, 'octant', 2), `\u001B[38;5;160m\u2588${RESET}`);
		// In 24-bit colour they differ: the pattern is drawn (octants 1, 3, 6, 8 in 200: ▞ in 210 on 200).
		assert.equal(textCells(close, 'octant', 3), `\u001B[48;2;200;0;0m\u001B[38;2;210;0;0m\u259e${RESET}`);
	});
});

describe('cells for the picture', {timeout: 30_000}, () => {
	const renderer = new PreviewRenderer(3);
	after(async () => renderer.close());

	it('keeps the picture’s shape in every mode: the same cells whatever their sub-pixels', async () => {
		const file = path.join(tempDir(), 'card.jpg');
		const card = testCard(320, 240);
		const rgba = Buffer.alloc(320 * 240 * 4, 255);
		for (let pixel = 0; pixel < 320 * 240; pixel++) rgba.set(card.data.subarray(pixel * 3, pixel * 3 + 3), pixel * 4);
		writeFileSync(file, jpeg.encode({width: 320, height: 240, data: rgba}, 90).data);
		for (const mode of TEXT_CELL_MODES) {
			const lines = (await renderer.render(file, 40, 10, mode)).split('\n');
			// 4:3 in cells twice as tall as wide: 10 rows, 27 columns.
			assert.equal(lines.length, 10, mode);
			for (const line of lines) assert.equal([...line.replaceAll(/\u001B\[[\d;]*m/g, '')].length, 27, `${mode}: ${JSON.stringify(line)}`);
			const glyphs = new Set(lines.join('').replaceAll(/\u001B\[[\d;]*m/g, ''));
			for (const glyph of glyphs) assert.ok(GLYPHS[mode].includes(glyph), `${mode} draws only its own characters (${JSON.stringify(glyph)})`);
		}
	});
});

describe('which cells a terminal gets', () => {
	const cases: [Record<string, string>, TextCellMode][] = [
		[{TERM: 'xterm-kitty'}, 'sextant'],
		[{TERM: 'xterm-256color', KITTY_WINDOW_ID: '3'}, 'sextant'],
		[{TERM: 'xterm-ghostty', TERM_PROGRAM: 'ghostty'}, 'sextant'],
		[{TERM: 'foot'}, 'sextant'],
		[{TERM: 'foot-extra'}, 'sextant'],
		[{TERM: 'xterm-256color', TERM_PROGRAM: 'WezTerm'}, 'sextant'],
		[{TERM: 'xterm-256color', WEZTERM_PANE: '0'}, 'sextant'],
		[{TERM: 'xterm-256color', LC_TERMINAL: 'iTerm2'}, 'quadrant'],
		[{TERM: 'xterm-256color'}, 'quadrant'],
		[{TERM: 'xterm'}, 'quadrant'],
		[{}, 'quadrant'],
		[{TERM: 'tmux-256color', TMUX: '/tmp/tmux-0/default,1,0', KITTY_WINDOW_ID: '3'}, 'quadrant'],
		[{TERM: 'screen', TMUX: '/tmp/tmux-0/default,1,0', TERM_PROGRAM: 'tmux'}, 'quadrant'],
		[{TERM: 'linux'}, 'spaces'],
	];
	for (const [env, mode] of cases) {
		it(`${JSON.stringify(env)}: ${mode}`, () => assert.equal(chooseTextCells(env).mode, mode));
	}

	it('--previews: text modes as asked, pixel modes fall back to the text cells auto picks and say so, off starts off', () => {
		const kitty = {TERM: 'xterm-kitty'};
		const textModes = TEXT_CELL_MODES;
		assert.deepEqual(previewSetup('auto', kitty), {on: true, mode: 'sextant', textModes, note: 'auto, kitty draws sextants (octants only from 0.40)', pixels: 'auto'});
		assert.deepEqual(previewSetup('half', kitty), {on: true, mode: 'half', textModes, note: '--previews half'});
		assert.deepEqual(previewSetup('sixel', {TERM: 'xterm-256color'}), {on: true, mode: 'quadrant', textModes, note: '--previews sixel', pixels: 'sixel'});
		assert.equal(previewSetup('kitty', kitty).pixels, 'kitty');
		assert.equal(previewSetup('iterm', kitty).pixels, 'iterm');
		assert.deepEqual({...previewSetup('off', kitty), note: ''}, {on: false, mode: 'sextant', textModes, note: '', pixels: 'auto'});
	});

	it('the Linux console and ASCII: coloured spaces only; the console is not asked for pixels', () => {
		const linuxConsole = {TERM: 'linux'};
		assert.deepEqual(previewSetup('auto', linuxConsole, 'console'), {on: true, mode: 'spaces', textModes: ['spaces'], note: 'auto, Linux console: its fonts have no half blocks'});
		assert.deepEqual(previewSetup('auto', {TERM: 'xterm-256color'}, 'ascii'), {
			on: true,
			mode: 'spaces',
			textModes: ['spaces'],
			asciiOnly: true,
			note: 'auto, no UTF-8 locale: coloured spaces',
			pixels: 'auto',
		});
		assert.equal(nextPreviewMode('spaces', undefined, ['spaces']), 'spaces');
		assert.equal(nextPreviewMode('spaces', 'sixel', ['spaces']), 'sixel');
	});

	it('P steps from the finest cells to coloured spaces and round again', () => {
		assert.deepEqual(
			['octant', 'sextant', 'quadrant', 'half', 'spaces'].map(mode => nextTextCellMode(mode as TextCellMode)),
			['sextant', 'quadrant', 'half', 'spaces', 'octant'],
		);
	});
});
