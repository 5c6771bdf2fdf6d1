import {chooseTextCells} from '../../graphics/cells/choose-text-cells.js';
import {TEXT_CELL_MODES, type TextCellMode} from '../../graphics/cells/glyphs.js';

/** What `--previews` accepts. */
export const PREVIEW_CHOICES = ['auto', 'kitty', 'iterm', 'sixel', 'octant', 'sextant', 'quadrant', 'half', 'off'] as const;
export type PreviewChoice = (typeof PREVIEW_CHOICES)[number];

const PIXEL_NAMES: Partial<Record<PreviewChoice, string>> = {kitty: 'kitty graphics', iterm: 'iTerm2 images', sixel: 'sixel'};

/** How the dashboard starts showing previews. */
export interface PreviewSetup {
	/** Previews shown at start (`p` turns them on and off). */
	on: boolean;
	/** The text cells drawn (`P` steps through the others). */
	mode: TextCellMode;
	/** Said with the mode on the help screen: why this mode, or what was asked for and is not there. */
	note: string;
	/** Pixel graphics asked for and not available (the footer says so): `kitty`, `iterm` or `sixel`. */
	unavailable?: string;
}

/**
 * From `--previews` and the environment to what the dashboard shows. Pixel
 * graphics (kitty, iTerm2, sixel) are not drawn yet: asked for, they give
 * the finest text cells the terminal is known to draw, and say so. Pure.
 */
export function previewSetup(choice: PreviewChoice, env: Readonly<Record<string, string | undefined>>): PreviewSetup {
	const auto = chooseTextCells(env);
	if (choice === 'auto') return {on: true, mode: auto.mode, note: `auto, ${auto.reason}`};
	if (choice === 'off') return {on: false, mode: auto.mode, note: `off at start; auto, ${auto.reason}`};
	const pixels = PIXEL_NAMES[choice];
	if (pixels) return {on: true, mode: auto.mode, note: `${pixels} not available yet`, unavailable: choice};
	return {on: true, mode: choice as TextCellMode, note: `--previews ${choice}`};
}

/** The mode after `mode` for `P`: from the finest cells down to half blocks, then round again. */
export function nextTextCellMode(mode: TextCellMode): TextCellMode {
	return TEXT_CELL_MODES[(TEXT_CELL_MODES.indexOf(mode) + 1) % TEXT_CELL_MODES.length]!;
}
