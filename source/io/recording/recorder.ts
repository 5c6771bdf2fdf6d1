import {open, rename, unlink, type FileHandle} from 'node:fs/promises';
import {FatalError} from '../../runtime/fatal-error.js';
import {describeFsError} from '../store/fs-errors.js';

/**
 * The --record file: `failing` at once when a write fails (received bytes
 * wait in memory, bounded), `recording` when it works again. `lostBytes`:
 * received bytes that never reached the file, in all so far; any makes the
 * record file no longer byte-exact.
 */
export interface RecordEvent {
	kind: 'record';
	at: number;
	file: string;
	state: 'failing' | 'recording';
	message: string;
	lostBytes: number;
}

export interface RecorderOptions {
	/** Told at once when writing starts failing, and when it works again. */
	onEvent?: (event: RecordEvent) => void;
	/** Received bytes waiting for the disk are kept up to this many; later ones are lost (and counted). */
	maxPendingBytes?: number;
	/** See RecordLimit; absent: one file that grows without bound. */
	limit?: RecordLimit;
	clock?: () => number;
}

/**
 * `--record-max-size` / `--record-files`: a file about to pass `maxBytes` is
 * renamed `<file>.1` (an earlier `.1` becoming `.2`, and so on, as logrotate
 * does) and a new `<file>` begins; only `keep` earlier files are kept.
 */
export interface RecordLimit {
	maxBytes: number;
	/** At least 1. */
	keep: number;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;
export const DEFAULT_MAX_PENDING_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * `--record FILE`: appends exactly the bytes received, nothing else. Writing
 * never holds receiving up: bytes wait in memory (bounded) while the disk
 * works or refuses. When a write fails (a full disk) it says so at once,
 * retries with a growing pause, and says so again when it works; bytes lost
 * meanwhile are counted, and make the file no longer byte-exact.
 */
export class Recorder {
	/** Received bytes that never reached the file. */
	lostBytes = 0;
	private readonly pending: Uint8Array[] = [];
	private pendingBytes = 0;
	/** Set while the disk refuses, until a write works again. */
	private failure?: NodeJS.ErrnoException;
	private lastFailure?: NodeJS.ErrnoException;
	private draining?: Promise<void>;
	private retryTimer?: NodeJS.Timeout;
	private retryDelay = FIRST_RETRY_MS;
	private readonly maxPendingBytes: number;
	private readonly clock: () => number;
	/** Bytes in the current file (it may have been appended to by an earlier run). */
	private fileBytes: number;

	private constructor(
		readonly file: string,
		private handle: FileHandle,
		private readonly options: RecorderOptions,
		sizeAtOpen: number,
	) {
		this.fileBytes = sizeAtOpen;
		this.maxPendingBytes = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_RECORD_BYTES;
		this.clock = options.clock ?? Date.now;
	}

	/** Opens (appends to) the record file; throws a FatalError naming it when that is impossible. */
	static async open(file: string, options: RecorderOptions = {}): Promise<Recorder> {
		try {
			const handle = await open(file, 'a');
			return new Recorder(file, handle, options, (await handle.stat()).size);
		} catch (error) {
			const {code, message} = error as NodeJS.ErrnoException;
			throw new FatalError(`cannot write record file ${file}: ${code === 'EISDIR' ? 'it is a folder' : describeFsError(code, message)}`);
		}
	}

	/** True while the record file cannot be written. */
	get failing(): boolean {
		return this.failure !== undefined;
	}

	/** Queues the bytes; never waits. The chunk must not be changed afterwards. */
	write(chunk: Uint8Array): void {
		if (this.pendingBytes + chunk.length > this.maxPendingBytes) {
			this.lostBytes += chunk.length;
			return;
		}

		this.pending.push(chunk);
		this.pendingBytes += chunk.length;
		if (!this.draining && !this.failure) void this.drain();
	}

	/** One last try for what waits, then closes the file. What still could not be written counts as lost. */
	async close(): Promise<void> {
		clearTimeout(this.retryTimer);
		await this.draining;
		if (this.pending.length > 0) await this.drain(false);
		this.lostBytes += this.pendingBytes;
		this.pending.length = 0;
		this.pendingBytes = 0;
		await this.handle.close().catch((error: NodeJS.ErrnoException) => {
			this.lastFailure = error;
		});
	}

	/** The problem, in one line for the end of the run; undefined when every byte received is in the file. */
	get problem(): string | undefined {
		if (this.lostBytes === 0) return undefined;
		const why = this.lastFailure ? ` (${describeFsError(this.lastFailure.code, this.lastFailure.message)})` : '';
		return `record file ${this.file} is missing ${this.lostBytes} bytes received while it could not be written${why}: it is not byte-exact`;
	}

	private drain(retryLater = true): Promise<void> {
		this.draining = (async () => {
			try {
				while (this.pending.length > 0) {
					const count = this.chunksThatFit();
					if (count === 0) await this.startNewFile();
					else this.consume((await this.handle.writev(count === this.pending.length ? this.pending : this.pending.slice(0, count))).bytesWritten);
				}

				if (this.failure) this.recovered();
			} catch (error) {
				this.failed(error as NodeJS.ErrnoException, retryLater);
			} finally {
				this.draining = undefined;
			}
		})();
		return this.draining;
	}

	/**
	 * How many of the waiting chunks the current file takes within the size
	 * limit: 0 means it is full. An empty file takes at least one, whatever its size.
	 */
	private chunksThatFit(): number {
		const {limit} = this.options;
		if (limit === undefined) return this.pending.length;
		let room = limit.maxBytes - this.fileBytes;
		let count = 0;
		while (count < this.pending.length && this.pending[count]!.length <= room) room -= this.pending[count++]!.length;
		return count === 0 && this.fileBytes === 0 ? 1 : count;
	}

	/** The current file becomes `<file>.1`, the earlier ones move one up (the oldest beyond `keep` removed), and a new file begins. */
	private async startNewFile(): Promise<void> {
		const {keep} = this.options.limit!;
		await this.handle.close();
		try {
			await unlink(`${this.file}.${keep}`).catch(ignoreMissing);
			for (let number = keep - 1; number >= 1; number--) await rename(`${this.file}.${number}`, `${this.file}.${number + 1}`).catch(ignoreMissing);
			await rename(this.file, `${this.file}.1`);
		} finally {
			// Renamed or not, a file is open again: a rename that failed is tried again with the retry.
			this.handle = await open(this.file, 'a');
			this.fileBytes = (await this.handle.stat()).size;
		}
	}

	/** Drops what reached the disk from the front of `pending` (a short write leaves the rest of a chunk). */
	private consume(bytesWritten: number): void {
		if (bytesWritten === 0) throw Object.assign(new Error(`nothing written to ${this.file}`), {code: 'EIO'});
		this.fileBytes += bytesWritten;
		this.pendingBytes -= bytesWritten;
		let done = 0;
		while (bytesWritten > 0 && bytesWritten >= this.pending[done]!.length) bytesWritten -= this.pending[done++]!.length;
		if (bytesWritten > 0) this.pending[done] = this.pending[done]!.subarray(bytesWritten);
		this.pending.splice(0, done);
	}

	private failed(error: NodeJS.ErrnoException, retryLater: boolean): void {
		this.lastFailure = error;
		if (!this.failure) {
			this.failure = error;
			this.retryDelay = FIRST_RETRY_MS;
			this.say('failing', describeFsError(error.code, error.message));
		}

		if (!retryLater) return;
		this.retryTimer = setTimeout(() => void this.drain(), this.retryDelay).unref();
		this.retryDelay = Math.min(this.retryDelay * 2, MAX_RETRY_MS);
	}

	private recovered(): void {
		this.failure = undefined;
		this.say('recording', 'written again');
	}

	private say(state: RecordEvent['state'], message: string): void {
		this.options.onEvent?.({kind: 'record', at: this.clock(), file: this.file, state, message, lostBytes: this.lostBytes});
	}
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
	if (error.code !== 'ENOENT') throw error;
}
