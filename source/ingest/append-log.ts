import {mkdir, open, type FileHandle} from 'node:fs/promises';
import path from 'node:path';

/** Reopen at least this often, so that a log moved or deleted by someone (logrotate) is recreated. */
const REOPEN_AFTER_MS = 10_000;

/**
 * Appends lines to a file through one open handle (opening the file for every
 * line costs more than the write), the lines of one event-loop turn in one
 * write. Lines are written in order; a folder removed under it is made again.
 */
export class AppendLog {
	private handle?: FileHandle;
	private openedAt = 0;
	private chain: Promise<void> = Promise.resolve();
	private batch?: {lines: string[]; written: Promise<void>};

	constructor(readonly file: string) {}

	/** Resolves when the line is written; rejects with the file system's error. */
	append(line: string): Promise<void> {
		if (this.batch) {
			this.batch.lines.push(line);
			return this.batch.written;
		}

		const lines = [line];
		const written = this.chain.then(async () => {
			this.batch = undefined;
			await this.write(lines.join(''));
		});
		this.batch = {lines, written};
		this.chain = written.catch(() => undefined);
		return written;
	}

	async close(): Promise<void> {
		await this.chain;
		await this.handle?.close().catch(() => undefined);
		this.handle = undefined;
	}

	private async write(text: string): Promise<void> {
		try {
			await (await this.currentHandle()).appendFile(text);
		} catch (error) {
			await this.handle?.close().catch(() => undefined);
			this.handle = undefined;
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			await mkdir(path.dirname(this.file), {recursive: true});
			await (await this.currentHandle()).appendFile(text);
		}
	}

	private async currentHandle(): Promise<FileHandle> {
		const now = Date.now();
		if (this.handle && now - this.openedAt > REOPEN_AFTER_MS) {
			await this.handle.close().catch(() => undefined);
			this.handle = undefined;
		}

		if (!this.handle) {
			this.handle = await open(this.file, 'a');
			this.openedAt = now;
		}

		return this.handle;
	}
}
