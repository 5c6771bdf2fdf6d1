import {DEFAULT_CELL_PIXELS, type CellPixels} from './cell-pixels.js';
import {insideTmux} from './tmux-passthrough.js';
import {terminalFromEnvironment, type TerminalEnvironment} from './terminal-from-environment.js';
import type {TerminalReplies} from './terminal-probe-replies.js';

export type {TerminalEnvironment} from './terminal-from-environment.js';

export type PixelProtocol = 'kitty' | 'iterm' | 'sixel';

export interface GraphicsDecision {
	/** How to draw pixel pictures; undefined: not at all (text cells only). */
	pixels?: PixelProtocol;
	/** Inside tmux: kitty's commands must be wrapped for passthrough (placeholders stay text). */
	tmux: boolean;
	cell: CellPixels;
	/** The terminal's name from XTVERSION or the environment, for choosing text cells too. */
	terminal?: string;
	/** One line a person can read: why this choice (shown in help or the log). */
	reason: string;
}

/**
 * Pixel graphics from what the terminal answered and what the environment
 * says. Answers decide; the environment only tells apart terminals that
 * answer alike. Without any answer (no DA1: an old terminal, a pipe, a
 * link so slow the wait ran out) the answer is the safe one: no pixels.
 *
 * - kitty's Unicode placeholders need kitty 0.28 or later or Ghostty:
 *   other terminals that say OK to the graphics query (WezTerm, Konsole)
 *   draw images but not placeholders. Inside tmux the OK can only come from
 *   the outer terminal through passthrough, so it also proves passthrough.
 * - iTerm2 inline images: iTerm2 and WezTerm, never inside tmux (tmux would
 *   not know the picture is there and would draw over it or scroll it away).
 * - sixel: DA1 attribute 4. Inside tmux it is tmux that answers DA1, and
 *   says 4 only when it draws sixel itself (tmux 3.4 built with sixel).
 */
export function decideGraphics(replies: TerminalReplies, env: TerminalEnvironment): GraphicsDecision {
	const tmux = insideTmux(env);
	const terminal = replies.terminal?.name ?? terminalFromEnvironment(env);
	const base = {tmux, cell: replies.cellPixels ?? DEFAULT_CELL_PIXELS, ...(terminal === undefined ? {} : {terminal})};
	if (replies.primaryAttributes === undefined && replies.kittyGraphics === undefined) {
		return {...base, reason: 'the terminal did not answer: text cells only'};
	}

	if (replies.kittyGraphics === true && drawsPlaceholders(replies, env)) {
		return {...base, pixels: 'kitty', reason: `kitty graphics with Unicode placeholders${tmux ? ', through tmux passthrough' : ''}`};
	}

	if (!tmux && drawsItermImages(replies, env)) return {...base, pixels: 'iterm', reason: `iTerm2 inline images (${terminal ?? 'iTerm2'})`};
	if (replies.primaryAttributes?.includes(4)) return {...base, pixels: 'sixel', reason: tmux ? 'sixel, drawn by tmux' : 'sixel (DA1 attribute 4)'};
	const hint = tmux && replies.kittyGraphics === undefined ? ' (inside tmux, kitty pictures need `set -g allow-passthrough on`)' : '';
	return {...base, reason: `no pixel graphics: text cells only${hint}`};
}

function drawsPlaceholders(replies: TerminalReplies, env: TerminalEnvironment): boolean {
	const name = replies.terminal?.name.toLowerCase();
	if (name === 'kitty') return atLeast(replies.terminal!.version, [0, 28]);
	if (name === 'ghostty') return true;
	// No name from the terminal (an older kitty does not answer XTVERSION; none inside tmux without forwarding).
	if (name === undefined) return ['kitty', 'ghostty'].includes(terminalFromEnvironment(env) ?? '');
	return false;
}

function drawsItermImages(replies: TerminalReplies, env: TerminalEnvironment): boolean {
	const name = replies.terminal?.name.toLowerCase();
	if (name !== undefined) return name === 'iterm2' || name === 'wezterm';
	return ['iTerm2', 'WezTerm'].includes(terminalFromEnvironment(env) ?? '');
}

/** Whether a dotted version such as `0.35.2` is at least `minimum`. */
function atLeast(version: string, minimum: number[]): boolean {
	const parts = version.split('.').map(part => Number.parseInt(part, 10));
	for (const [index, wanted] of minimum.entries()) {
		const have = parts[index] ?? 0;
		if (Number.isNaN(have)) return false;
		if (have !== wanted) return have > wanted;
	}

	return true;
}
