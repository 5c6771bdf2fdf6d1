import type {RgbImage} from '../rgb-image.js';
import {CELL_SHAPES, type TextCellMode} from './glyphs.js';

/**
 * A picture as text cells, before colours are reduced and text is written:
 * for each cell (row after row) the pattern of its sub-pixels that show the
 * foreground (see glyphs.ts) and its two colours.
 */
export interface CellGrid {
	mode: TextCellMode;
	columns: number;
	rows: number;
	patterns: Uint8Array;
	/** 3 bytes a cell. */
	foreground: Uint8Array;
	background: Uint8Array;
}

/** Sub-pixel colours of the cell being fitted, and the sums of every subset of them (a subset's bits as index). */
const pixels = new Int32Array(8 * 3);
const sums = new Int32Array(256 * 3);
const ONES = Uint8Array.from({length: 256}, (_, pattern) => {
	let count = 0;
	for (let rest = pattern; rest; rest &= rest - 1) count++;
	return count;
});

/**
 * Fits each cell's sub-pixels (from `image`, which is `columns x rows`
 * cells of the mode's shape, e.g. 2x4 pixels a cell for octants) with the
 * two colours and the pattern that leave the least squared error. Every
 * pattern is tried: for a split of the sub-pixels into two groups, the best
 * colours are each group's mean, and the error is the total of the squares
 * less |sum|²/count of each group, so the subsets' sums are all it needs
 * (at most 128 splits of 8 sub-pixels, each made from a smaller one with
 * one addition). Pure.
 */
export function fitCellGrid(image: RgbImage, mode: TextCellMode): CellGrid {
	const shape = CELL_SHAPES[mode];
	const columns = Math.floor(image.width / shape.columns);
	const rows = Math.floor(image.height / shape.rows);
	const count = columns * rows;
	const grid: CellGrid = {mode, columns, rows, patterns: new Uint8Array(count), foreground: new Uint8Array(count * 3), background: new Uint8Array(count * 3)};
	const {data, width} = image;
	const size = shape.columns * shape.rows;
	for (let row = 0; row < rows; row++) {
		for (let column = 0; column < columns; column++) {
			for (let y = 0; y < shape.rows; y++) {
				const from = ((row * shape.rows + y) * width + column * shape.columns) * 3;
				pixels.set(data.subarray(from, from + shape.columns * 3), y * shape.columns * 3);
			}

			const cell = row * columns + column;
			if (mode === 'half') fitHalf(grid, cell);
			else fitCell(grid, cell, size);
		}
	}

	return grid;
}

/** Two pixels, two colours: the upper one is the background, the lower one the foreground of a lower half block. */
function fitHalf(grid: CellGrid, cell: number): void {
	grid.patterns[cell] = 0b10;
	grid.background.set(pixels.subarray(0, 3), cell * 3);
	grid.foreground.set(pixels.subarray(3, 6), cell * 3);
}

/**
 * Sub-pixel 0 is always background: a pattern and its complement with the
 * colours swapped are the same picture (text.ts picks whichever needs
 * fewer colour changes), so only the patterns without bit 0 are tried.
 */
function fitCell(grid: CellGrid, cell: number, size: number): void {
	const splits = 1 << (size - 1);
	const totalRed = sumOf(0, size);
	const totalGreen = sumOf(1, size);
	const totalBlue = sumOf(2, size);
	// Pattern 0, one colour for the whole cell, unless a split is clearly better.
	let best = 0;
	let bestScore = (totalRed * totalRed + totalGreen * totalGreen + totalBlue * totalBlue) / size + 0.5;
	sums[0] = 0;
	sums[1] = 0;
	sums[2] = 0;
	for (let split = 1; split < splits; split++) {
		const lowest = split & -split;
		const pixel = (31 - Math.clz32(lowest) + 1) * 3;
		const from = (split ^ lowest) * 3;
		const to = split * 3;
		const red = sums[from]! + pixels[pixel]!;
		const green = sums[from + 1]! + pixels[pixel + 1]!;
		const blue = sums[from + 2]! + pixels[pixel + 2]!;
		sums[to] = red;
		sums[to + 1] = green;
		sums[to + 2] = blue;
		const inside = ONES[split]!;
		const restRed = totalRed - red;
		const restGreen = totalGreen - green;
		const restBlue = totalBlue - blue;
		const score = (red * red + green * green + blue * blue) / inside + (restRed * restRed + restGreen * restGreen + restBlue * restBlue) / (size - inside);
		if (score > bestScore) {
			bestScore = score;
			best = split;
		}
	}

	const at = cell * 3;
	if (best === 0) {
		grid.foreground[at] = grid.background[at] = Math.round(totalRed / size);
		grid.foreground[at + 1] = grid.background[at + 1] = Math.round(totalGreen / size);
		grid.foreground[at + 2] = grid.background[at + 2] = Math.round(totalBlue / size);
		return;
	}

	const inside = ONES[best]!;
	const red = sums[best * 3]!;
	const green = sums[best * 3 + 1]!;
	const blue = sums[best * 3 + 2]!;
	grid.patterns[cell] = best << 1;
	grid.foreground[at] = Math.round(red / inside);
	grid.foreground[at + 1] = Math.round(green / inside);
	grid.foreground[at + 2] = Math.round(blue / inside);
	grid.background[at] = Math.round((totalRed - red) / (size - inside));
	grid.background[at + 1] = Math.round((totalGreen - green) / (size - inside));
	grid.background[at + 2] = Math.round((totalBlue - blue) / (size - inside));
}

function sumOf(channel: number, size: number): number {
	let sum = 0;
	for (let pixel = 0; pixel < size; pixel++) sum += pixels[pixel * 3 + channel]!;
	return sum;
}

/** What a terminal draws for a fitted grid, one pixel a sub-pixel (before colours are reduced). */
export function gridPixels(grid: CellGrid): RgbImage {
	const shape = CELL_SHAPES[grid.mode];
	const width = grid.columns * shape.columns;
	const height = grid.rows * shape.rows;
	const data = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const cell = Math.floor(y / shape.rows) * grid.columns + Math.floor(x / shape.columns);
			const bit = (y % shape.rows) * shape.columns + (x % shape.columns);
			const colours = grid.patterns[cell]! & (1 << bit) ? grid.foreground : grid.background;
			data.set(colours.subarray(cell * 3, cell * 3 + 3), (y * width + x) * 3);
		}
	}

	return {width, height, data};
}
