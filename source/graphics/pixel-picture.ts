import type {CellPixels} from '../terminal/cell-pixels.js';
import type {RgbPixels} from './fit-pixels.js';
import {itermInlineImage} from './iterm/inline-image.js';
import {kittyPicture} from './kitty/kitty-picture.js';
import {sixelPicture} from './sixel/sixel-encoder.js';

import type {PixelProtocol} from '../terminal/terminal-probe-decision.js';

export type {PixelProtocol};
export {isPixelProtocol} from './pixel-protocol.js';

export interface PixelTerminal {
	cell: CellPixels;
	/** Inside tmux: kitty's commands wrapped for passthrough. */
	tmux: boolean;
}

/**
 * A picture in pixels, `columns` x `rows` cells. `text` is what the frame
 * draws in those cells: kitty's placeholders (the picture itself, as text),
 * or blank cells that a sixel / iTerm2 picture (`overlay`) is drawn over
 * after the frame. `transmit` goes to the terminal once, before the text.
 */
export interface PixelPicture {
	columns: number;
	rows: number;
	text: string;
	transmit?: string;
	overlay?: string;
}

/** The largest block of cells, at most `maxColumns` x `maxRows`, that shows a `width` x `height` picture undistorted. */
export function fitCellBox(width: number, height: number, maxColumns: number, maxRows: number, cell: CellPixels): {columns: number; rows: number} {
	const scale = Math.min((maxColumns * cell.width) / width, (maxRows * cell.height) / height);
	return {
		columns: Math.max(1, Math.min(maxColumns, Math.round((width * scale) / cell.width))),
		rows: Math.max(1, Math.min(maxRows, Math.round((height * scale) / cell.height))),
	};
}

/**
 * `image` (decoded) or `file` (the JPEG as it is, for iTerm2) as a picture of
 * at most `maxColumns` x `maxRows` cells, fitted by the shape of `picture`
 * (the JPEG's own size, when `image` is that picture decoded smaller). Pure.
 */
export function pixelPicture(
	protocol: PixelProtocol,
	image: RgbPixels,
	file: () => Uint8Array,
	maxColumns: number,
	maxRows: number,
	terminal: PixelTerminal,
	imageId: number,
	picture: {width: number; height: number} = image,
): PixelPicture {
	const {columns, rows} = fitCellBox(picture.width, picture.height, maxColumns, maxRows, terminal.cell);
	const blank = Array.from({length: rows}, () => ' '.repeat(columns)).join('\n');
	switch (protocol) {
		case 'kitty': {
			const picture = kittyPicture(image, {imageId, columns, rows, cell: terminal.cell, colour: 'palette', tmux: terminal.tmux});
			return {columns, rows, text: picture.rows.join('\n'), transmit: picture.transmit};
		}

		case 'sixel':
			return {columns, rows, text: blank, overlay: sixelPicture(image, columns, rows, terminal.cell)};

		case 'iterm':
			return {columns, rows, text: blank, overlay: itermInlineImage(file(), columns, rows)};
	}
}
