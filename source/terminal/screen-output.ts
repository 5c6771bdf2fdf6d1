import {EventEmitter} from 'node:events';
import {isGone, writeIfAlive} from './stdio.js';

/** Cursor to the top-left corner, then clear to the end of the screen. */
const FROM_THE_TOP = '\u001B[H\u001B[J';
/** What Ink writes before a frame to erase the previous one: (erase line, up)*, erase line, column 1. */
const ERASE_PREVIOUS = /^(?:\u001B\[2K\u001B\[1A)*(?:\u001B\[2K\u001B\[G)?/;
/** After a resize, the last frame is drawn again unless Ink draws a new one within this time. */
const REPAINT_AFTER_RESIZE_MS = 150;

type WriteCallback = (error?: Error | null) => void;

/**
 * The terminal as Ink sees it. Ink redraws by moving up over as many lines as
 * it drew last time and erasing them; after a resize, a suspend, or a line the
 * terminal wrapped, that count is wrong and old text stays on screen. The
 * dashboard owns the whole alternate screen, so here every frame is drawn from
 * the top-left corner with the rest of the screen cleared: nothing stale can
 * remain. The last frame is kept (a reference, not a copy) to draw it again
 * after a suspend or a resize. Writes to a terminal that is gone are dropped.
 */
export class ScreenOutput extends EventEmitter {
	readonly isTTY = true;
	readonly writableEnded = false;
	readonly writableLength = 0;
	private lastFrame = '';
	private frames = 0;
	private repaintTimer?: NodeJS.Timeout;

	constructor(private readonly terminal: NodeJS.WriteStream = process.stdout) {
		super();
		terminal.on('resize', this.onResize);
	}

	get columns(): number {
		return this.terminal.columns;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	get destroyed(): boolean {
		return isGone(this.terminal);
	}

	get writable(): boolean {
		return !this.destroyed;
	}

	write(data: string | Uint8Array, encodingOrCallback?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
		const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
		const text = typeof data === 'string' ? data : Buffer.from(data).toString();
		const erase = ERASE_PREVIOUS.exec(text)![0];
		const rest = erase.length > 0 ? text.slice(erase.length) : text;
		if (rest.includes('\n')) {
			this.lastFrame = rest;
			this.frames++;
			writeIfAlive(this.terminal, FROM_THE_TOP + rest);
		} else if (rest.length > 0) {
			// Cursor visibility, synchronized-update marks: as they are.
			writeIfAlive(this.terminal, rest);
		}

		// A bare erase is dropped: the next frame clears the screen anyway.
		if (done) process.nextTick(done);
		return true;
	}

	/** Draws the last frame again (the screen was cleared: back from a suspend). */
	repaint(): void {
		if (this.lastFrame !== '') writeIfAlive(this.terminal, FROM_THE_TOP + this.lastFrame);
	}

	dispose(): void {
		clearTimeout(this.repaintTimer);
		this.terminal.off('resize', this.onResize);
	}

	private readonly onResize = (): void => {
		const framesBefore = this.frames;
		this.emit('resize');
		clearTimeout(this.repaintTimer);
		this.repaintTimer = setTimeout(() => {
			if (this.frames === framesBefore) this.repaint();
		}, REPAINT_AFTER_RESIZE_MS);
		this.repaintTimer.unref();
	};
}
