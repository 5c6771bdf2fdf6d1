import {writeIfAlive} from '../terminal/stdio.js';

/** Alternate screen on, cursor home, bracketed paste on (pasted text is marked, so it is not read as keys), cursor hidden. */
const ENTER = '\u001B[?1049h\u001B[H\u001B[?2004h\u001B[?25l';
/** Bracketed paste off, cursor shown, back to the normal screen. */
const LEAVE = '\u001B[?2004l\u001B[?25h\u001B[?1049l';

export interface AlternateScreen {
	/** Back to the normal screen (at exit, or for a suspend); safe to call twice. */
	leave(): void;
	/** Onto the alternate screen again (after a suspend). */
	enter(): void;
}

/**
 * The dashboard draws on the terminal's alternate screen, so the shell's
 * scrollback is untouched; the normal screen comes back on exit, also after
 * a crash. Writes to a terminal that is gone are dropped.
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream = process.stdout): AlternateScreen {
	let inside = false;
	const leave = () => {
		if (!inside) return;
		inside = false;
		process.off('exit', leave);
		writeIfAlive(stream, LEAVE);
	};
	const enter = () => {
		if (inside) return;
		inside = true;
		process.on('exit', leave);
		writeIfAlive(stream, ENTER);
	};
	enter();
	return {enter, leave};
}
