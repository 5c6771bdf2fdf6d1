import type {CellPixels} from '../terminal/cell-pixels.js';
import {scaleImage} from './rgb-image.js';

/** An RGB image, 3 bytes a pixel, row after row (the preview worker's RgbImage). */
export interface RgbPixels {
	width: number;
	height: number;
	data: Uint8Array;
}

/**
 * The pixel size to send an image at for a placement of `columns` x `rows`
 * cells: as large as fits in the placement, undistorted, never larger than
 * the image (the terminal scales up for free; bytes over SSH are not free).
 * This is what bounds the bytes of a picture: a panel gets a panel's pixels,
 * not the camera's.
 */
export function fitPixels(width: number, height: number, columns: number, rows: number, cell: CellPixels): {width: number; height: number} {
	const scale = Math.min(1, (columns * cell.width) / width, (rows * cell.height) / height);
	return {width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale))};
}

/** `image` scaled down (area average) to fit a placement of `columns` x `rows` cells. */
export function fitImage(image: RgbPixels, columns: number, rows: number, cell: CellPixels): RgbPixels {
	const size = fitPixels(image.width, image.height, columns, rows, cell);
	return scaleImage(image, size.width, size.height);
}
