import type {RgbImage} from '../rgb-image.js';
import type {ColourLevel} from './colour.js';
import {fitCellGrid} from './fit.js';
import type {TextCellMode} from './glyphs.js';
import {cellsToText} from './text.js';

export {type ColourLevel, nearest256} from './colour.js';
export {CELL_SHAPES, TEXT_CELL_MODES, type TextCellMode} from './glyphs.js';
export {chooseTextCells} from './choose-text-cells.js';

/** A picture as text cells of a mode: `image` must be the mode's sub-pixels across and down each cell (see CELL_SHAPES). */
export function textCells(image: RgbImage, mode: TextCellMode, level: ColourLevel): string {
	return cellsToText(fitCellGrid(image, mode), level);
}
