/**
 * Inverse DCTs that give a block at a fraction of its size (4x4, 2x2, or
 * 2x1 for chroma, ...): each output pixel is the exact mean of the pixels of
 * the full 8x8 IDCT it stands for (before rounding), computed straight from
 * the coefficients. The mean of a cosine over each group is a fixed weight,
 * so this costs a small matrix product, and a preview box-filtered from it
 * is what a box filter of the whole picture gives. (libjpeg's jpeg_idct_4x4
 * instead samples the lowest frequencies, which differs from the mean by a
 * few levels at edges.) At 1/8 every cosine averages to zero: the DC alone,
 * DC / 8, is the block's mean, so scaled-jpeg.ts needs no IDCT for it.
 */

/** The 8x8 zigzag order: the natural (row * 8 + column) index of each coded coefficient. */
export const ZIGZAG = Uint8Array.from([
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44,
	51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** An IDCT to `width` x `height` pixels (1, 2, 4 or 8 each) of block means, with its scratch space (no allocation per block). */
export class ScaledIdct {
	/** Dequantised coefficients of the block being decoded, natural order; cleared by `output`. */
	readonly coefficients = new Float64Array(64);
	private readonly across: Float64Array;
	private readonly down: Float64Array;
	private readonly rows: Float64Array;

	constructor(
		readonly width: number,
		readonly height: number,
	) {
		this.across = meanBasis(width);
		this.down = meanBasis(height);
		this.rows = new Float64Array(8 * width);
	}

	/** The block's pixels into `plane` (`stride` bytes a row) from `at`, then the coefficients cleared. `rowsUsed`: a bit for each row of coefficients not all zero (none: a flat block, the DC alone). */
	output(plane: Uint8Array, at: number, stride: number, rowsUsed: number): void {
		const {width, height, across, down, coefficients, rows} = this;
		if (rowsUsed === 0) {
			const mean = coefficients[0]! / 8 + 128.5;
			const value = mean < 0 ? 0 : mean > 255 ? 255 : mean;
			for (let m = 0; m < height; m++) plane.fill(value, at + m * stride, at + m * stride + width);
			coefficients[0] = 0;
			return;
		}

		for (let v = 0; v < 8; v++) {
			if (((rowsUsed >> v) & 1) === 0) continue;
			const row = v * 8;
			for (let n = 0; n < width; n++) {
				let sum = 0;
				for (let u = 0; u < 8; u++) sum += across[n * 8 + u]! * coefficients[row + u]!;
				rows[v * width + n] = sum;
			}

			coefficients.fill(0, row, row + 8);
		}

		for (let m = 0; m < height; m++) {
			for (let n = 0; n < width; n++) {
				let sum = 128.5;
				for (let v = 0; v < 8; v++) if (((rowsUsed >> v) & 1) !== 0) sum += down[m * 8 + v]! * rows[v * width + n]!;
				plane[at + m * stride + n] = sum < 0 ? 0 : sum > 255 ? 255 : sum;
			}
		}
	}
}

/** weights[n * 8 + u]: frequency u's mean over output pixel n of `size` (pixels n * 8/size .. (n + 1) * 8/size - 1), of (1/2) C(u) cos((2x + 1) u pi / 16). */
function meanBasis(size: number): Float64Array {
	const group = 8 / size;
	const weights = new Float64Array(size * 8);
	for (let n = 0; n < size; n++) {
		for (let u = 0; u < 8; u++) {
			let sum = 0;
			for (let x = n * group; x < (n + 1) * group; x++) sum += Math.cos(((2 * x + 1) * u * Math.PI) / 16);
			weights[n * 8 + u] = ((u === 0 ? Math.SQRT1_2 : 1) * 0.5 * sum) / group;
		}
	}

	return weights;
}
