import type {CellPixels} from '../../terminal/cell-pixels.js';
import {fitImage, type RgbPixels} from '../fit-pixels.js';
import {tmuxPassthroughEach} from '../../terminal/tmux-passthrough.js';
import {kittyPlaceholderRows, type IdColour} from './placeholder.js';
import {encodePng} from './png-encoder.js';
import {kittyTransmit} from './transmit.js';

export interface KittyPictureOptions {
	imageId: number;
	columns: number;
	rows: number;
	cell: CellPixels;
	colour: IdColour;
	/** Inside tmux: every command wrapped for passthrough. */
	tmux: boolean;
}

export interface KittyPicture {
	/** Written to the terminal once, outside any frame (it draws nothing itself). */
	transmit: string;
	/** The text of the picture's cells, one string per row, drawn as ordinary text in every frame. */
	rows: string[];
	/** The PNG's size, before base64. */
	pngBytes: number;
}

/**
 * One picture for kitty's Unicode placeholders: the image scaled to the
 * placement's pixels (so its bytes are bounded by the placement, not by the
 * camera), sent as PNG, and the placeholder text that shows it.
 */
export function kittyPicture(image: RgbPixels, {imageId, columns, rows, cell, colour, tmux}: KittyPictureOptions): KittyPicture {
	const png = encodePng(fitImage(image, columns, rows, cell));
	const commands = kittyTransmit({imageId, columns, rows, png});
	return {
		transmit: (tmux ? tmuxPassthroughEach(commands) : commands).join(''),
		rows: kittyPlaceholderRows({imageId, columns, rows, colour}),
		pngBytes: png.length,
	};
}
