import {terminalFromEnvironment, type TerminalEnvironment} from '../../terminal/terminal-from-environment.js';
import type {GlyphSet} from '../../terminal/glyph-set.js';
import type {TextCellMode} from './glyphs.js';

export interface TextCellsChoice {
	mode: TextCellMode;
	/** Why, for the help screen: e.g. "kitty draws octants". */
	reason: string;
}

/**
 * The finest text cells this terminal is known to draw, from its
 * environment alone (TERM, TERM_PROGRAM, LC_TERMINAL, KITTY_WINDOW_ID,
 * WEZTERM_PANE, TMUX). Octants (Unicode 16) and sextants are in few fonts;
 * the terminals named here draw them themselves. Quadrants are in the
 * fonts terminals use. The Linux console's fonts (the kernel's CP437 one,
 * Debian's Lat15) share no block but the full one: coloured spaces there,
 * and with ASCII only (a locale without UTF-8). Inside tmux the
 * environment names the terminal that started the tmux server, not the
 * one attached now (and tmux sets TERM_PROGRAM to itself): quadrants.
 * Pure: replies from the terminal can refine this later.
 */
export function chooseTextCells(env: Readonly<TerminalEnvironment>, glyphs: GlyphSet = 'unicode'): TextCellsChoice {
	if (glyphs === 'ascii') return {mode: 'spaces', reason: 'no UTF-8 locale: coloured spaces'};
	if (env.TMUX) return {mode: 'quadrant', reason: 'in tmux: terminal unknown'};
	switch (terminalFromEnvironment(env)) {
		case 'linux':
			return {mode: 'spaces', reason: 'Linux console: its fonts have no half blocks'};
		// Octants only since kitty 0.40 (2025; seen as empty boxes in a real kitty 0.28), and the environment
		// does not say which version: sextants, which kitty draws since 0.19, foot and Ghostty too.
		case 'kitty':
			return {mode: 'sextant', reason: 'kitty draws sextants (octants only from 0.40)'};
		case 'ghostty':
			return {mode: 'sextant', reason: 'Ghostty draws sextants'};
		case 'foot':
			return {mode: 'sextant', reason: 'foot draws sextants'};
		case 'iTerm2':
			return {mode: 'quadrant', reason: 'iTerm2 draws quadrants'};
		// WezTerm's releases draw sextants; its octants came after the last release.
		case 'WezTerm':
			return {mode: 'sextant', reason: 'WezTerm draws sextants'};
		default:
			return {mode: 'quadrant', reason: 'fonts have quadrants'};
	}
}
