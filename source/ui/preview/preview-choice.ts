import {chooseTextCells} from '../../graphics/cells/choose-text-cells.js';
import {TEXT_CELL_MODES, type TextCellMode} from '../../graphics/cells/glyphs.js';
import {isPixelProtocol, type PixelProtocol} from '../../graphics/pixel-picture.js';
import type {PreviewMode} from './preview-renderer.js';

/** What `--previews` accepts. */
export const PREVIEW_CHOICES = ['auto', 'kitty', 'iterm', 'sixel', 'octant', 'sextant', 'quadrant', 'half', 'off'] as const;
export type PreviewChoice = (typeof PREVIEW_CHOICES)[number];

/** How the dashboard starts showing previews. */
export interface PreviewSetup {
	/** Previews shown at start (`p` turns them on and off). */
	on: boolean;
	/** The text cells drawn until pixel graphics are known, and where they cannot draw (`P` steps through the others). */
	mode: TextCellMode;
	/** Said with the mode on the help screen: why this mode. */
	note: string;
	/**
	 * Pixel graphics: `auto`, those the terminal says it draws (asked at start);
	 * a protocol: asked for with --previews, used whatever the terminal says;
	 * undefined: text cells only (--previews with a text cell mode).
	 */
	pixels?: 'auto' | PixelProtocol;
}

/** From `--previews` and the environment to what the dashboard shows. Pure. */
export function previewSetup(choice: PreviewChoice, env: Readonly<Record<string, string | undefined>>): PreviewSetup {
	const auto = chooseTextCells(env);
	if (choice === 'auto') return {on: true, mode: auto.mode, note: `auto, ${auto.reason}`, pixels: 'auto'};
	if (choice === 'off') return {on: false, mode: auto.mode, note: `off at start; auto, ${auto.reason}`, pixels: 'auto'};
	if (isPixelProtocol(choice)) return {on: true, mode: auto.mode, note: `--previews ${choice}`, pixels: choice};
	return {on: true, mode: choice, note: `--previews ${choice}`};
}

/** The mode after `mode` for `P`: the terminal's pixel graphics if any, then from the finest cells down to half blocks, then round again. */
export function nextPreviewMode(mode: PreviewMode, pixels?: PixelProtocol): PreviewMode {
	const modes: readonly PreviewMode[] = pixels ? [pixels, ...TEXT_CELL_MODES] : TEXT_CELL_MODES;
	return modes[(modes.indexOf(mode) + 1) % modes.length]!;
}

/** `P` through the text cells only. */
export function nextTextCellMode(mode: TextCellMode): TextCellMode {
	return nextPreviewMode(mode) as TextCellMode;
}
