import {chooseTextCells} from '../../graphics/cells/choose-text-cells.js';
import {SPACES_ONLY, TEXT_CELL_MODES, type TextCellMode} from '../../graphics/cells/glyphs.js';
import type {GlyphSet} from '../../terminal/glyph-set.js';
import {isPixelProtocol} from '../../graphics/pixel-protocol.js';
import type {PixelProtocol} from '../../graphics/pixel-picture.js';
import type {PreviewMode} from './preview-renderer.js';

/** What `--previews` accepts. */
export const PREVIEW_CHOICES = ['auto', 'kitty', 'iterm', 'sixel', 'octant', 'sextant', 'quadrant', 'half', 'spaces', 'off'] as const;
export type PreviewChoice = (typeof PREVIEW_CHOICES)[number];

/** How the dashboard starts showing previews. */
export interface PreviewSetup {
	/** Previews shown at start (`p` turns them on and off). */
	on: boolean;
	/** The text cells drawn until pixel graphics are known, and where they cannot draw (`P` steps through the others). */
	mode: TextCellMode;
	/** The text cells `P` steps through: those the terminal's characters can draw. */
	textModes: readonly TextCellMode[];
	/** Said with the mode on the help screen: why this mode. */
	note: string;
	/**
	 * Pixel graphics: `auto`, those the terminal says it draws (asked at start);
	 * a protocol: asked for with --previews, used whatever the terminal says;
	 * undefined: text cells only (--previews with a text cell mode).
	 */
	pixels?: 'auto' | PixelProtocol;
	/** ASCII only (a locale without UTF-8): kitty's pictures cannot be used, their placeholders are Unicode text. */
	asciiOnly?: true;
}

/**
 * From `--previews`, the environment and the glyph set to what the dashboard
 * shows. Pure. The Linux console draws no pixels: it is not asked (`auto`).
 */
export function previewSetup(choice: PreviewChoice, env: Readonly<Record<string, string | undefined>>, glyphs: GlyphSet = 'unicode'): PreviewSetup {
	const auto = chooseTextCells(env, glyphs);
	const textModes = glyphs === 'unicode' ? TEXT_CELL_MODES : SPACES_ONLY;
	const pixels = glyphs === 'console' ? undefined : 'auto';
	const cells = {textModes, ...(glyphs === 'ascii' && {asciiOnly: true as const})};
	if (choice === 'auto') return {on: true, mode: auto.mode, ...cells, note: `auto, ${auto.reason}`, ...(pixels && {pixels})};
	if (choice === 'off') return {on: false, mode: auto.mode, ...cells, note: `off at start; auto, ${auto.reason}`, ...(pixels && {pixels})};
	if (isPixelProtocol(choice)) return {on: true, mode: auto.mode, ...cells, note: `--previews ${choice}`, pixels: choice};
	return {on: true, mode: choice, ...cells, note: `--previews ${choice}`};
}

/** The mode after `mode` for `P`: the terminal's pixel graphics if any, then from the finest cells down to spaces, then round again. */
export function nextPreviewMode(mode: PreviewMode, pixels?: PixelProtocol, textModes = TEXT_CELL_MODES): PreviewMode {
	const modes: readonly PreviewMode[] = pixels ? [pixels, ...textModes] : textModes;
	return modes[(modes.indexOf(mode) + 1) % modes.length]!;
}

/** `P` through the text cells only. */
export function nextTextCellMode(mode: TextCellMode): TextCellMode {
	return nextPreviewMode(mode) as TextCellMode;
}
