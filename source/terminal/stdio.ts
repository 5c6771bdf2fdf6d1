import {closeSync, openSync} from 'node:fs';
import {isatty} from 'node:tty';

/**
 * Any terminal or pipe can vanish mid-write: an SSH session drops (the pty is
 * hung up, every write fails with EIO), a reader of our pipe exits (`| head`,
 * EPIPE). That is an ordinary event here: the error never throws, the stream
 * is marked gone, and whoever listens is told once (to end the session
 * cleanly, keeping every image).
 */

/** Whether stdin, stdout and stderr were terminals when the program started. */
const STARTED_AS_TERMINAL = [0, 1, 2].map(fd => isatty(fd));

type Stream = NodeJS.WriteStream;

const gone = new Set<Stream>();
const goneListeners = new Set<(stream: Stream) => void>();
let guarded = false;

/** Installs the guards on process.stdout and process.stderr (once); the keyboard guards its own input. */
export function guardStdio(): void {
	if (guarded) return;
	guarded = true;
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', () => markGone(stream));
	}

	process.on('exit', releaseDeadTerminal);
}

/** Calls `listener` once for each of stdout and stderr that can no longer be written. */
export function onStdioGone(listener: (stream: Stream) => void): () => void {
	goneListeners.add(listener);
	return () => goneListeners.delete(listener);
}

export function isGone(stream: Stream): boolean {
	return gone.has(stream) || stream.destroyed;
}

/** Writes unless the stream is gone; never throws. Returns whether it tried. */
export function writeIfAlive(stream: NodeJS.WriteStream, text: string): boolean {
	if (isGone(stream)) return false;
	try {
		stream.write(text);
		return true;
	} catch {
		markGone(stream);
		return false;
	}
}

/** The controlling terminal was hung up: a standard stream that was a terminal is one no longer. */
export function terminalHungUp(): boolean {
	return STARTED_AS_TERMINAL.some((wasTerminal, fd) => wasTerminal && !isatty(fd));
}

function markGone(stream: Stream): void {
	if (gone.has(stream)) return;
	gone.add(stream);
	for (const listener of goneListeners) listener(stream);
}

/**
 * At exit Node restores the terminal modes of every standard stream that was
 * a terminal, and aborts (SIGABRT) when that fails, as it does on a hung-up
 * terminal (EIO). Such descriptors are pointed at /dev/null first: there is
 * nothing left to restore.
 */
function releaseDeadTerminal(): void {
	for (const [fd, wasTerminal] of STARTED_AS_TERMINAL.entries()) {
		if (!wasTerminal || isatty(fd)) continue;
		try {
			closeSync(fd);
			// The lowest free descriptor is the one just closed: 0, 1 and 2 are taken in order.
			const replacement = openSync('/dev/null', fd === 0 ? 'r' : 'w');
			if (replacement !== fd) closeSync(replacement);
		} catch {
			// Closed is as good: Node skips a descriptor that is no longer open.
		}
	}
}
