/** An RGB image, 3 bytes a pixel, row after row. */
export interface RgbImage {
	width: number;
	height: number;
	data: Uint8Array;
}

/**
 * The largest cell size, at most `columns` x `rows`, that shows a
 * `width` x `height` picture whole and undistorted. A cell holds two pixels
 * one above the other (half blocks), and is about twice as tall as it is
 * wide, so each pixel is about square.
 */
export function fitCells(width: number, height: number, columns: number, rows: number): {columns: number; rows: number} {
	const scale = Math.min(columns / width, (rows * 2) / height);
	return {
		columns: Math.max(1, Math.min(columns, Math.round(width * scale))),
		rows: Math.max(1, Math.min(rows, Math.round((height * scale) / 2))),
	};
}

/**
 * Scales down by averaging every source pixel under each target pixel (a
 * box filter: no aliasing, unlike sampling); scales up by repeating pixels.
 * One pass per axis, so the work is the size of the source, not of the
 * source times the target. `usedWidth` x `usedHeight` (fractional, from the
 * top left): the part of the source that is the picture (a JPEG decoded at
 * 1/8 has a last column and row partly of padding).
 */
export function scaleImage(source: RgbImage, width: number, height: number, usedWidth = source.width, usedHeight = source.height): RgbImage {
	if (source.width === width && source.height === height && usedWidth === width && usedHeight === height) return source;
	const rows = scaleRows(source, width, usedWidth);
	return scaleColumns(rows, usedHeight, width, height);
}

/** Each row averaged horizontally down (or up) to `width`; kept as floats for the second pass. */
function scaleRows(source: RgbImage, width: number, sourceWidth: number): Float32Array {
	const {width: stride, height, data} = source;
	const out = new Float32Array(width * height * 3);
	const step = sourceWidth / width;
	for (let x = 0; x < width; x++) {
		const start = x * step;
		const end = Math.min(start + step, sourceWidth);
		const first = Math.floor(start);
		for (let y = 0; y < height; y++) {
			let red = 0;
			let green = 0;
			let blue = 0;
			for (let sourceX = first; sourceX < end; sourceX++) {
				const weight = Math.min(end, sourceX + 1) - Math.max(start, sourceX);
				const from = (y * stride + sourceX) * 3;
				red += data[from]! * weight;
				green += data[from + 1]! * weight;
				blue += data[from + 2]! * weight;
			}

			const to = (y * width + x) * 3;
			out[to] = red / (end - start);
			out[to + 1] = green / (end - start);
			out[to + 2] = blue / (end - start);
		}
	}

	return out;
}

function scaleColumns(rows: Float32Array, sourceHeight: number, width: number, height: number): RgbImage {
	const data = new Uint8Array(width * height * 3);
	const step = sourceHeight / height;
	const rowBytes = width * 3;
	const sums = new Float32Array(rowBytes);
	for (let y = 0; y < height; y++) {
		sums.fill(0);
		const start = y * step;
		const end = Math.min(start + step, sourceHeight);
		for (let sourceY = Math.floor(start); sourceY < end; sourceY++) {
			const weight = Math.min(end, sourceY + 1) - Math.max(start, sourceY);
			const from = sourceY * rowBytes;
			for (let index = 0; index < rowBytes; index++) sums[index] = sums[index]! + rows[from + index]! * weight;
		}

		const total = end - start;
		const to = y * rowBytes;
		for (let index = 0; index < rowBytes; index++) data[to + index] = Math.round(sums[index]! / total);
	}

	return {width, height, data};
}
