/**
 * tmux keeps its own copy of the screen and drops escape sequences it does
 * not know (kitty graphics, sixel for a tmux without sixel, iTerm2 images,
 * their queries). A DCS passthrough hands a sequence to the terminal tmux
 * runs in, unchanged:
 *
 *     ESC P tmux; <the sequence, every ESC doubled> ESC \
 *
 * tmux 3.3 and later ignores these unless the user allows them:
 *
 *     set -g allow-passthrough on     (in ~/.tmux.conf, or `tmux set -g ...` at run time)
 *
 * With it off (the default since 3.3) the wrapped sequence is silently
 * dropped: nothing is drawn and a query gets no answer, so detection falls
 * back to what tmux itself can draw. `allow-passthrough all` also lets panes
 * that are not visible pass sequences through; `on` is enough here.
 *
 * Passthrough is for sequences that leave the screen alone (transmitting an
 * image, deleting one, queries): tmux does not know where the cursor of the
 * outer terminal is. Kitty's Unicode placeholders are ordinary text, which
 * tmux draws and moves itself; that is why they are the way to show pictures
 * inside tmux.
 */
const ESC = '\u001B';
const OPEN = `${ESC}Ptmux;`;
const CLOSE = `${ESC}\\`;

/** `sequence` wrapped for tmux's passthrough, every ESC in it doubled. */
export function tmuxPassthrough(sequence: string): string {
	return OPEN + sequence.replaceAll(ESC, ESC + ESC) + CLOSE;
}

/**
 * Each sequence wrapped on its own: tmux buffers a whole passthrough before
 * forwarding it, so a large image goes as many small ones (one per chunk).
 */
export function tmuxPassthroughEach(sequences: readonly string[]): string[] {
	return sequences.map(sequence => tmuxPassthrough(sequence));
}

/** Whether this process runs inside tmux (tmux sets TMUX in every pane). */
export function insideTmux(env: {readonly TMUX?: string | undefined}): boolean {
	return Boolean(env.TMUX);
}
