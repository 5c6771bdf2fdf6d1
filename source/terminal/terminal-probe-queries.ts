import {tmuxPassthrough} from './tmux-passthrough.js';

const ESC = '\u001B';
/** XTVERSION: the terminal's name and version (`ESC P >| name ESC \`). */
export const XTVERSION_QUERY = `${ESC}[>0q`;
/** The cell size in pixels (`ESC [ 6 ; height ; width t`). */
export const CELL_SIZE_QUERY = `${ESC}[16t`;
/** DA1, primary device attributes (`ESC [ ? 62 ; 4 ; ... c`; 4 = sixel). Every terminal answers it. */
export const PRIMARY_ATTRIBUTES_QUERY = `${ESC}[c`;

/** Kitty's graphics query (a 1x1 image, only asked about): answered `ESC _ G i=<id>;OK ESC \` by a terminal with the protocol. */
export function kittyQuery(queryId: number): string {
	return `${ESC}_Gi=${queryId},s=1,v=1,a=q,t=d,f=24;AAAA${ESC}\\`;
}

/**
 * What to ask the terminal, in order. DA1 goes last: terminals answer in
 * order and every terminal answers DA1, so its reply means every other
 * answer that was coming has come.
 *
 * Inside tmux, the graphics query, XTVERSION and the cell size go to the
 * outer terminal through passthrough (answered only with `allow-passthrough
 * on`), and DA1 goes to tmux itself: it is tmux that draws (or drops) a sixel
 * picture, and tmux answers at once, before the outer terminal can, so its
 * reply does not end the wait for the graphics answer (see TerminalProbe).
 * A plain XTVERSION also goes to tmux, to learn its version.
 *
 * The Linux console (TERM=linux, not in tmux) gets DA1 alone: it shows an
 * APC (the graphics query) as text, `Gi=…;AAAA` on the bottom row.
 */
export function probeQueries(queryId: number, tmux: boolean, linuxConsole = false): string {
	// The Linux console answers DA1 but prints the graphics query's text and has no pixels to offer.
	if (linuxConsole) return PRIMARY_ATTRIBUTES_QUERY;
	const outer = kittyQuery(queryId) + XTVERSION_QUERY + CELL_SIZE_QUERY;
	if (!tmux) return outer + PRIMARY_ATTRIBUTES_QUERY;
	return tmuxPassthrough(kittyQuery(queryId)) + tmuxPassthrough(XTVERSION_QUERY) + tmuxPassthrough(CELL_SIZE_QUERY) + XTVERSION_QUERY + PRIMARY_ATTRIBUTES_QUERY;
}
