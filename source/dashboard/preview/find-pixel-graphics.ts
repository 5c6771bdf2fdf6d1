import type {Keyboard} from '../../terminal/keyboard.js';
import type {ScreenOutput} from '../../terminal/screen-output.js';
import {DEFAULT_CELL_PIXELS} from '../../terminal/cell-pixels.js';
import {insideTmux} from '../../terminal/tmux-passthrough.js';
import {probeTerminal} from '../../terminal/terminal-probe.js';
import type {PixelSetup} from './preview-cache.js';
import type {PreviewSetup} from './preview-choice.js';

/**
 * Which pixel graphics the previews use: those the terminal says it draws
 * (`--previews auto`: it is asked, see terminal-probe.ts; a second at most),
 * or the ones asked for with --previews (the terminal is asked all the same,
 * for its cell size). Answers arrive among the keys, which drop them.
 */
export async function findPixelGraphics(
	setup: PreviewSetup,
	keyboard: Keyboard | undefined,
	screen: ScreenOutput,
	env: NodeJS.ProcessEnv,
): Promise<{pixels?: PixelSetup; note: string}> {
	if (setup.pixels === undefined) return {note: 'text cells asked for'};
	const send = (data: string) => screen.writeOutOfBand(data);
	if (!keyboard) {
		if (setup.pixels === 'auto') return {note: 'no keyboard to hear the terminal: text cells only'};
		return {pixels: {protocol: setup.pixels, terminal: {cell: DEFAULT_CELL_PIXELS, tmux: insideTmux(env)}, send}, note: `--previews ${setup.pixels}`};
	}

	keyboard.expectAnswer();
	const {decision} = await probeTerminal(keyboard.rawInput, send, {env});
	const protocol = setup.pixels === 'auto' ? decision.pixels : setup.pixels;
	const note = setup.pixels === 'auto' ? decision.reason : `--previews ${setup.pixels} (the terminal: ${decision.reason})`;
	if (!protocol) return {note};
	if (protocol === 'kitty' && setup.asciiOnly) return {note: `${note}; but kitty pictures need Unicode (the locale is not UTF-8: --utf8)`};
	return {pixels: {protocol, terminal: {cell: decision.cell, tmux: decision.tmux}, send}, note};
}
