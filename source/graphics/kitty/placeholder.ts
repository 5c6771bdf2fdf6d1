import {ROW_COLUMN_DIACRITICS} from './diacritics.js';

/** kitty's placeholder character: a cell showing part of an image. */
export const PLACEHOLDER = '\u{10EEEE}';

/** The most rows or columns a placeholder can number. */
export const MAX_PLACEHOLDER_SPAN = ROW_COLUMN_DIACRITICS.length;

/**
 * How the image id is carried in the cells' foreground colour: `palette`
 * (`38;5;n`: the low byte of the id) survives tmux and terminals without
 * 24-bit colour, which would turn a 24-bit colour into the nearest of 256
 * and so into another id; `truecolor` (`38;2;r;g;b`) carries the low 24 bits.
 * Either way the top byte of the id goes in a third diacritic.
 */
export type IdColour = 'palette' | 'truecolor';

export interface PlaceholderOptions {
	imageId: number;
	columns: number;
	rows: number;
	colour: IdColour;
}

/**
 * The text that shows image `imageId` (placed as a virtual placement of
 * `columns` x `rows` cells, see kittyTransmit) in a block of cells: one
 * string per row, each setting the id colour and resetting the foreground
 * at its end. Every cell names its row and column, so a line that is
 * redrawn from its middle (tmux does) still shows the right part.
 */
export function kittyPlaceholderRows({imageId, columns, rows, colour}: PlaceholderOptions): string[] {
	checkSpan(columns, 'columns');
	checkSpan(rows, 'rows');
	const start = idColour(imageId, colour);
	const high = imageId >>> 24;
	const highMark = high === 0 ? '' : ROW_COLUMN_DIACRITICS[high]!;
	const lines: string[] = [];
	for (let row = 0; row < rows; row++) {
		const rowMark = ROW_COLUMN_DIACRITICS[row]!;
		const cells: string[] = [start];
		for (let column = 0; column < columns; column++) cells.push(PLACEHOLDER, rowMark, ROW_COLUMN_DIACRITICS[column]!, highMark);
		cells.push('\u001B[39m');
		lines.push(cells.join(''));
	}

	return lines;
}

/** The SGR that sets the foreground colour standing for `imageId`. */
export function idColour(imageId: number, colour: IdColour): string {
	if (!Number.isInteger(imageId) || imageId < 1 || imageId > 0xff_ff_ff_ff) throw new RangeError(`kitty image id out of range: ${imageId}`);
	if (colour === 'palette') {
		if ((imageId & 0xff_ff_00) !== 0) throw new RangeError(`image id ${imageId} has bits 8-23 set: it cannot be carried in a 256-colour foreground`);
		return `\u001B[38;5;${imageId & 0xff}m`;
	}

	return `\u001B[38;2;${(imageId >>> 16) & 0xff};${(imageId >>> 8) & 0xff};${imageId & 0xff}m`;
}

function checkSpan(value: number, name: string): void {
	if (!Number.isInteger(value) || value < 1 || value > MAX_PLACEHOLDER_SPAN) {
		throw new RangeError(`a kitty placeholder spans 1 to ${MAX_PLACEHOLDER_SPAN} ${name}, not ${value}`);
	}
}
