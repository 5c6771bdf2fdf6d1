/**
 * Which character draws which pattern of sub-pixels. A pattern is a number
 * whose bit `row * columns + column` is set where the cell shows its
 * foreground colour (the rest shows the background), rows from the top.
 */
export type TextCellMode = 'octant' | 'sextant' | 'quadrant' | 'half' | 'spaces';

/** Finest first. */
export const TEXT_CELL_MODES: readonly TextCellMode[] = ['octant', 'sextant', 'quadrant', 'half', 'spaces'];

/** The modes drawn with spaces alone (their background colour): the Linux console's fonts lack the half blocks, ASCII has none. */
export const SPACES_ONLY: readonly TextCellMode[] = ['spaces'];

export interface CellShape {
	/** Sub-pixels across a cell. */
	columns: 1 | 2;
	/** Sub-pixels down a cell. */
	rows: 1 | 2 | 3 | 4;
}

export const CELL_SHAPES: Record<TextCellMode, CellShape> = {
	spaces: {columns: 1, rows: 1},
	half: {columns: 1, rows: 2},
	quadrant: {columns: 2, rows: 2},
	sextant: {columns: 2, rows: 3},
	octant: {columns: 2, rows: 4},
};

const SPACE = 0x20;
const FULL = 0x2588;

/** Upper pixel, lower pixel. */
const HALF = [SPACE, 0x2580, 0x2584, FULL];

/** Upper left, upper right, lower left, lower right: the Block Elements' quadrants. */
const QUADRANT = [SPACE, 0x2598, 0x259d, 0x2580, 0x2596, 0x258c, 0x259e, 0x259b, 0x2597, 0x259a, 0x2590, 0x259c, 0x2584, 0x2599, 0x259f, FULL];

/**
 * Unicode 13's sextants, U+1FB00 to U+1FB3B, are the 64 patterns in order
 * less the four the Block Elements already had.
 */
const SEXTANT_ELSEWHERE: Record<number, number> = {0: SPACE, 0b010101: 0x258c, 0b101010: 0x2590, 0b111111: FULL};

/**
 * Unicode 16's octants, U+1CD00 to U+1CDE5, are the 256 patterns in order
 * less the 26 that older blocks already drew: the quadrants, the upper and
 * lower quarters and three quarters, the middle quarters and the four
 * corner eighths.
 */
const OCTANT_ELSEWHERE: Record<number, number> = {
	0b0000_0001: 0x1cea8, // LEFT HALF UPPER ONE QUARTER BLOCK
	0b0000_0010: 0x1ceab, // RIGHT HALF UPPER ONE QUARTER BLOCK
	0b0000_0011: 0x1fb82, // UPPER ONE QUARTER BLOCK
	0b0001_0100: 0x1fbe6, // MIDDLE LEFT ONE QUARTER BLOCK
	0b0010_1000: 0x1fbe7, // MIDDLE RIGHT ONE QUARTER BLOCK
	0b0011_1111: 0x1fb85, // UPPER THREE QUARTERS BLOCK
	0b0100_0000: 0x1cea3, // LEFT HALF LOWER ONE QUARTER BLOCK
	0b1000_0000: 0x1cea0, // RIGHT HALF LOWER ONE QUARTER BLOCK
	0b1100_0000: 0x2582, // LOWER ONE QUARTER BLOCK
	0b1111_1100: 0x2586, // LOWER THREE QUARTERS BLOCK
	...Object.fromEntries(QUADRANT.map((codePoint, quadrants) => [octantsOfQuadrants(quadrants), codePoint])),
};

/** A quadrant pattern as octants: each quadrant is two octants one above the other. */
function octantsOfQuadrants(quadrants: number): number {
	let octants = 0;
	for (let quadrant = 0; quadrant < 4; quadrant++) {
		if (!(quadrants & (1 << quadrant))) continue;
		const column = quadrant & 1;
		const top = (quadrant >> 1) * 2;
		octants |= (1 << (top * 2 + column)) | (1 << ((top + 1) * 2 + column));
	}

	return octants;
}

/** Every pattern in order, each from `elsewhere` or else the next code point of the block starting at `first`. */
function numbered(count: number, first: number, elsewhere: Record<number, number>): number[] {
	let next = first;
	return Array.from({length: count}, (_, pattern) => elsewhere[pattern] ?? next++);
}

/** For each mode, the character of each pattern (the index). */
export const GLYPHS: Record<TextCellMode, readonly string[]> = {
	// One pixel a cell, its background: the only pattern is a space.
	spaces: [' '],
	half: HALF.map(codePoint => String.fromCodePoint(codePoint)),
	quadrant: QUADRANT.map(codePoint => String.fromCodePoint(codePoint)),
	sextant: numbered(64, 0x1fb00, SEXTANT_ELSEWHERE).map(codePoint => String.fromCodePoint(codePoint)),
	octant: numbered(256, 0x1cd00, OCTANT_ELSEWHERE).map(codePoint => String.fromCodePoint(codePoint)),
};
