import {writeIfAlive} from '../terminal/stdio.js';

/**
 * Collects output lines and writes them in one go at the end of the event
 * loop turn: a replay can produce thousands of lines a second, and one write
 * per line costs more than the work they report. Once the stream is gone
 * (EPIPE, a hung-up terminal) lines are dropped.
 */
export class LineWriter {
	private lines: string[] = [];
	private scheduled = false;

	constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {}

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
		const text = this.lines.join('\n') + '\n';
		this.lines = [];
		writeIfAlive(this.stream, text);
	};
}
