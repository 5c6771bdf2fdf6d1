import type {GlyphTranslation} from '../../terminal/glyph-set.js';
import {writeIfAlive} from '../../terminal/stdio.js';

/**
 * Collects output lines and writes them in one go at the end of the event
 * loop turn: a replay can produce thousands of lines a second, and one write
 * per line costs more than the work they report. Once the stream is gone
 * (EPIPE, a hung-up terminal) lines are dropped.
 */
export class LineWriter {
	private lines: string[] = [];
	private scheduled = false;

	/** `translate`: for a terminal whose locale lacks UTF-8, each batch made ASCII (see glyph-set.ts). */
	constructor(
		private readonly stream: NodeJS.WriteStream = process.stdout,
		private readonly translate?: GlyphTranslation,
	) {}

	write = (line: string): void => {
		this.lines.push(line);
		if (!this.scheduled) {
			this.scheduled = true;
			setImmediate(this.flush);
		}
	};

	flush = (): void => {
		this.scheduled = false;
		if (this.lines.length === 0) return;
		const joined = this.lines.join('\n') + '\n';
		const text = this.translate ? this.translate(joined) : joined;
		this.lines = [];
		writeIfAlive(this.stream, text);
	};
}
