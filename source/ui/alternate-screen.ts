const ENTER = '\x1b[?1049h\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

/**
 * The dashboard draws on the terminal's alternate screen, so the shell's
 * scrollback is untouched; the normal screen comes back on exit, also after
 * a crash. Returns the function that leaves (safe to call twice).
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream = process.stdout): () => void {
	stream.write(ENTER);
	let left = false;
	const leave = () => {
		if (left) return;
		left = true;
		process.off('exit', leave);
		stream.write(LEAVE);
	};

	process.on('exit', leave);
	return leave;
}
