import {PALETTES, type ColourLevel} from './colour.js';
import type {CellGrid} from './fit.js';
import {GLYPHS} from './glyphs.js';

const RESET = '\u001B[0m';

/**
 * A fitted grid as lines of terminal text. Colours are reduced to what the
 * terminal has, and written only where they change: each cell is drawn as
 * its pattern or as the complement with the colours swapped, whichever
 * keeps more of the colours already set; a cell whose two colours look
 * the same is a full block or a space. Each line ends with a reset. Pure.
 */
export function cellsToText(grid: CellGrid, level: ColourLevel): string {
	const palette = PALETTES[level];
	const glyphs = GLYPHS[grid.mode];
	const full = glyphs.length - 1;
	const {foreground: fore, background: back, patterns, columns} = grid;
	const lines: string[] = [];
	for (let row = 0; row < grid.rows; row++) {
		const parts: string[] = [];
		let foreground = -1;
		let background = -1;
		for (let column = 0; column < columns; column++) {
			const cell = row * columns + column;
			const at = cell * 3;
			let pattern = patterns[cell]!;
			let ink = palette.key(fore[at]!, fore[at + 1]!, fore[at + 2]!);
			let paper = palette.key(back[at]!, back[at + 1]!, back[at + 2]!);
			if (ink === paper) {
				// One colour: whichever of the two set colours is it already, else the foreground.
				pattern = background === paper && foreground !== ink ? 0 : full;
				if (pattern === 0) ink = foreground;
				else paper = background;
			} else if (kept(paper, ink, foreground, background) > kept(ink, paper, foreground, background)) {
				pattern = full - pattern;
				[ink, paper] = [paper, ink];
			}

			if (paper !== background) parts.push(palette.code(paper, true));
			if (ink !== foreground) parts.push(palette.code(ink, false));
			parts.push(glyphs[pattern]!);
			foreground = ink;
			background = paper;
		}

		parts.push(RESET);
		lines.push(parts.join(''));
	}

	return lines.join('\n');
}

/** How many of the colours already set (foreground, background) a cell drawn with `ink` on `paper` keeps. */
function kept(ink: number, paper: number, foreground: number, background: number): number {
	return (ink === foreground ? 1 : 0) + (paper === background ? 1 : 0);
}
