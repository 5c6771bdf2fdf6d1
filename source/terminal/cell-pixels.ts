/** The size of one terminal cell in pixels. */
export interface CellPixels {
	width: number;
	height: number;
}

/** What to assume when the terminal does not say (CSI 16 t): a common small font. */
export const DEFAULT_CELL_PIXELS: CellPixels = {width: 8, height: 16};
