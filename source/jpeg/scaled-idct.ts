/**
 * Inverse DCTs that give a block at a fraction of its size (e.g. 2x2 or 4x4
 * pixels from the block's lowest 2x2 or 4x4 coefficients), as libjpeg's
 * jpeg_idct_2x2 / jpeg_idct_4x4 do: each output pixel is the block's
 * continuous reconstruction at the centre of the pixels it stands for, the
 * higher frequencies (which would alias) left out. The DC alone (1/8) is
 * the block's mean: DC / 8.
 */

/** The 8x8 zigzag order: the natural (row * 8 + column) index of each coded coefficient. */
export const ZIGZAG = Uint8Array.from([
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37,
	44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** A reduced IDCT to `width` x `height` pixels (1, 2, 4 or 8 each), with its scratch space (no allocation per block). */
export class ScaledIdct {
	/** Where each zigzag coefficient goes in `coefficients` (row * width + column), -1 when it is left out. */
	readonly slot: Int8Array;
	/** Dequantised coefficients of the block being decoded; cleared by `output`. */
	readonly coefficients: Float64Array;
	private readonly across: Float64Array;
	private readonly down: Float64Array;
	private readonly rows: Float64Array;

	constructor(
		readonly width: number,
		readonly height: number,
	) {
		this.slot = new Int8Array(64).fill(-1);
		for (let k = 0; k < 64; k++) {
			const row = ZIGZAG[k]! >> 3;
			const column = ZIGZAG[k]! & 7;
			if (row < height && column < width) this.slot[k] = row * width + column;
		}

		this.across = basis(width);
		this.down = basis(height);
		this.coefficients = new Float64Array(width * height);
		this.rows = new Float64Array(width * height);
	}

	/** The block's pixels into `plane` (`stride` bytes a row) from `at`, then the coefficients cleared. */
	output(plane: Uint8Array, at: number, stride: number): void {
		const {width, height, across, down, coefficients, rows} = this;
		for (let v = 0; v < height; v++) {
			for (let n = 0; n < width; n++) {
				let sum = 0;
				for (let u = 0; u < width; u++) sum += across[n * width + u]! * coefficients[v * width + u]!;
				rows[v * width + n] = sum;
			}
		}

		for (let m = 0; m < height; m++) {
			for (let n = 0; n < width; n++) {
				let sum = 128.5;
				for (let v = 0; v < height; v++) sum += down[m * height + v]! * rows[v * width + n]!;
				plane[at + m * stride + n] = sum < 0 ? 0 : sum > 255 ? 255 : sum;
			}
		}

		coefficients.fill(0);
	}
}

/** basis[n * size + u]: frequency u's weight at output pixel n of `size`, (1/2) C(u) cos((2n + 1) u pi / 2size). */
function basis(size: number): Float64Array {
	const weights = new Float64Array(size * size);
	for (let n = 0; n < size; n++) {
		for (let u = 0; u < size; u++) weights[n * size + u] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * n + 1) * u * Math.PI) / (2 * size));
	}

	return weights;
}
