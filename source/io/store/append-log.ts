import {open, stat, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {makeFolder} from './make-folder.js';

export interface AppendLogOptions {
	/** Told of every failed write; the lines wait for retry(). */
	onError?: (error: NodeJS.ErrnoException) => void;
	/** Lines waiting for a retry are kept up to this many bytes; later ones are dropped (and counted). */
	maxPendingBytes?: number;
}

/**
 * Appends lines to a file through one open handle (opening the file for every
 * line costs more than the write), the lines of one event-loop turn in one
 * write. Lines are written in order, each exactly once. Before each write it
 * checks that the path still leads to the open file: a file or folder deleted,
 * moved away (logrotate) or replaced is followed at once. Lines whose write
 * failed (a full disk) wait for retry(), up to a limit.
 */
export class AppendLog {
	/** Lines given up: dropped while the pending room was full, or still unwritten at close. */
	notWritten = 0;
	private handle?: FileHandle;
	private identity?: {dev: number; ino: number};
	/** Encoded lines not yet on disk; the first may be partly written already (its written part cut off). */
	private pending: Buffer[] = [];
	private pendingBytes = 0;
	private failing = false;
	private draining?: Promise<void>;
	private readonly maxPendingBytes: number;

	constructor(
		readonly file: string,
		private readonly options: AppendLogOptions = {},
	) {
		this.maxPendingBytes = options.maxPendingBytes ?? 1024 * 1024;
	}

	/** Resolves once the line is written, or kept for retry() (never rejects: errors go to onError). */
	append(line: string): Promise<void> {
		const bytes = Buffer.from(line);
		if (this.pendingBytes + bytes.length > this.maxPendingBytes) {
			this.notWritten++;
			return this.draining ?? Promise.resolve();
		}

		this.pending.push(bytes);
		this.pendingBytes += bytes.length;
		// While the disk refuses, lines only gather; retry() tries again.
		if (this.failing) return this.draining ?? Promise.resolve();
		return this.drain();
	}

	/** Tries the waiting lines again (call it from a timer). */
	retry(): Promise<void> {
		return this.pending.length > 0 ? this.drain() : (this.draining ?? Promise.resolve());
	}

	/** One last try for the waiting lines, then gives up on them and closes the file. */
	async close(): Promise<void> {
		await this.retry();
		this.notWritten += this.pending.length;
		this.pending = [];
		this.pendingBytes = 0;
		await this.closeHandle();
	}

	private drain(): Promise<void> {
		this.draining ??= (async () => {
			// Let the lines of this event-loop turn gather into one write.
			await Promise.resolve();
			try {
				while (this.pending.length > 0) {
					try {
						await this.writePending();
						this.failing = false;
					} catch (error) {
						this.failing = true;
						await this.closeHandle();
						this.options.onError?.(error as NodeJS.ErrnoException);
						return;
					}
				}
			} finally {
				this.draining = undefined;
			}
		})();
		return this.draining;
	}

	/** Writes what is pending, dropping each line from `pending` as it reaches the disk; a short write keeps the rest. */
	private async writePending(): Promise<void> {
		const handle = await this.currentHandle();
		const lines = this.pending.slice();
		let {bytesWritten} = await handle.writev(lines);
		if (bytesWritten === 0) throw Object.assign(new Error(`nothing written to ${this.file}`), {code: 'EIO'});
		while (bytesWritten > 0) {
			const first = this.pending[0]!;
			if (bytesWritten >= first.length) {
				this.pending.shift();
				this.pendingBytes -= first.length;
				bytesWritten -= first.length;
			} else {
				this.pending[0] = first.subarray(bytesWritten);
				this.pendingBytes -= bytesWritten;
				bytesWritten = 0;
			}
		}
	}

	/** The open file, if the path still leads to it; else the file at the path now (made, with its folder, if gone). */
	private async currentHandle(): Promise<FileHandle> {
		if (this.handle && !(await this.stillAtPath())) await this.closeHandle();
		if (this.handle) return this.handle;
		let handle: FileHandle;
		try {
			handle = await open(this.file, 'a');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			await makeFolder(path.dirname(this.file));
			handle = await open(this.file, 'a');
		}

		const {dev, ino} = await handle.stat();
		this.handle = handle;
		this.identity = {dev, ino};
		return handle;
	}

	private async stillAtPath(): Promise<boolean> {
		try {
			const {dev, ino} = await stat(this.file);
			return dev === this.identity?.dev && ino === this.identity.ino;
		} catch {
			return false;
		}
	}

	private async closeHandle(): Promise<void> {
		const {handle} = this;
		this.handle = undefined;
		this.identity = undefined;
		await handle?.close().catch(() => undefined);
	}
}
