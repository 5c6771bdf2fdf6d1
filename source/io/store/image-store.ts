import path from 'node:path';
import {macToString} from '../../core/protocol/mac.js';
import type {ImageResult, Telemetry} from '../../core/reassembly/reassembler.js';
import {AppendLog} from './append-log.js';
import {FileWriter} from './file-writer.js';
import {describeFsError} from './fs-errors.js';
import {makeFolder} from './make-folder.js';
import {prepareOutputFolders} from './output-folder.js';
import {imageNameAt, INCOMPLETE_FOLDER, UNVERIFIED_FOLDER, VOLT_LOG} from './output-layout.js';
import {logTimestamp} from './timestamps.js';

export interface ImageStoreCounters {
	savedGood: number;
	savedIncomplete: number;
	bytesWritten: number;
	writeErrors: number;
	/** Images given up: their writes kept failing and the retry room was full, or the run ended. */
	imagesNotWritten: number;
	/** volt.log lines given up the same way. */
	voltLinesNotWritten: number;
}

export interface WriteFailure {
	path: string;
	error: NodeJS.ErrnoException;
}

export interface ImageStoreOptions {
	outDir: string;
	/** Unverified images go to `<out>/unverified/` instead of among the verified ones. */
	unverifiedApart?: boolean;
	onWriteError?: (failure: WriteFailure) => void;
	/** Images whose write failed are kept for a retry up to this many bytes. */
	maxRetryBytes?: number;
	/** volt.log lines whose write failed are kept for a retry up to this many bytes. */
	maxPendingLogBytes?: number;
	concurrency?: number;
	/** Each image's bytes reach the disk before it gets its name (live input; a replay can be run again). */
	durable?: boolean;
}

/** At most this many unwritten images are named one by one at the end. */
const MAX_NAMED = 20;

type Job = () => Promise<void>;
interface RetryRound {
	reported: boolean;
}

export {describeFsError} from './fs-errors.js';
export {OutputFolderError} from './output-folder.js';

/**
 * Writes images and volt.log lines under the output folder. Good images go to
 * `<out>/<mac12>_<YYYYmmdd_HHMMSS_ffffff>.jpg`, incomplete ones to
 * `<out>/incomplete/<mac12>_<timestamp>_<reason>.jpg`; every write is atomic
 * and never replaces an existing file. Failed writes are counted, reported,
 * and retried later while they fit in the retry room.
 */
export class ImageStore {
	readonly counters: ImageStoreCounters = {savedGood: 0, savedIncomplete: 0, bytesWritten: 0, writeErrors: 0, imagesNotWritten: 0, voltLinesNotWritten: 0};
	readonly outDir: string;
	/** The first images given up (at most MAX_NAMED), by the path they were meant for. */
	readonly notWritten: string[] = [];
	private readonly incompleteDir: string;
	private readonly unverifiedDir: string;
	private readonly maxRetryBytes: number;
	private readonly concurrency: number;
	private lastMicros = 0;
	private readonly queue: Job[] = [];
	private running = 0;
	private queuedBytes = 0;
	private retryBytes = 0;
	private readonly retries: {result: ImageResult; micros: number; resolve: (file: string | undefined) => void}[] = [];
	private readonly idleWaiters: (() => void)[] = [];
	private readonly voltLog: AppendLog;
	private readonly writer: FileWriter;
	private voltLogWrites: Promise<void> = Promise.resolve();
	private shuttingDown = false;
	private lastError?: NodeJS.ErrnoException;

	constructor(private readonly options: ImageStoreOptions) {
		this.outDir = options.outDir;
		this.writer = new FileWriter({durable: options.durable});
		this.incompleteDir = path.join(options.outDir, INCOMPLETE_FOLDER);
		this.unverifiedDir = options.unverifiedApart ? path.join(options.outDir, UNVERIFIED_FOLDER) : options.outDir;
		this.maxRetryBytes = options.maxRetryBytes ?? 64 * 1024 * 1024;
		this.concurrency = options.concurrency ?? 32;
		const voltLogFile = path.join(options.outDir, VOLT_LOG);
		this.voltLog = new AppendLog(voltLogFile, {
			maxPendingBytes: options.maxPendingLogBytes,
			onError: error => this.reportError(voltLogFile, error),
		});
	}

	/**
	 * Makes the folders, checks that files can be written there, and removes
	 * the temporary files a killed run left; resolves to how many it removed.
	 * Throws OutputFolderError naming the path when the folder can never be
	 * used (a file in the way, read-only, no permission, `/proc`); a full disk
	 * is only reported, as it may pass.
	 */
	async prepare(): Promise<number> {
		return prepareOutputFolders([...new Set([this.outDir, this.incompleteDir, this.unverifiedDir])], (folder, error) => this.reportError(folder, error));
	}

	/** Bytes accepted but not yet on disk (for back-pressure). */
	get pendingBytes(): number {
		return this.queuedBytes + this.retryBytes;
	}

	/** Images queued or being written (not those waiting for a retry). */
	get pendingImages(): number {
		return this.queue.length + this.running;
	}

	/** Saves an image, named by its `endedAt` (a wall time); resolves to its path, or undefined if nothing was written. */
	save(result: ImageResult): Promise<string | undefined> {
		if (result.data.length === 0) return Promise.resolve(undefined);
		const micros = this.uniqueMicros(result.endedAt);
		return new Promise(resolve => {
			this.enqueue(result, micros, resolve);
		});
	}

	/** Appends `YYYY-mm-dd HH:MM:SS.fff,<mac>,<volt>` to volt.log, in order; the reading as the camera sent it. */
	appendVoltLine(telemetry: Telemetry): Promise<void> {
		const line = `${logTimestamp(telemetry.atMs)},${macToString(telemetry.mac)},${telemetry.reading}\n`;
		this.voltLogWrites = this.voltLog.append(line);
		this.counters.voltLinesNotWritten = this.voltLog.notWritten;
		return this.voltLogWrites;
	}

	/** Tries the failed images and volt.log lines again (call it from a timer). */
	retryFailed(): void {
		this.retryImages();
		this.voltLogWrites = this.voltLog.retry();
	}

	/**
	 * The run is ending: one more try for the images waiting for a retry; from
	 * now on an image whose write fails is given up (and named in
	 * describeUnwritten()) instead of waiting, so every save() settles.
	 */
	beginShutdown(): void {
		if (this.shuttingDown) return;
		this.shuttingDown = true;
		// volt.log has its last try when it is closed, in flush().
		this.retryImages();
	}

	/** Resolves when nothing is queued or being written (failed images may still wait for a retry). */
	async idle(): Promise<void> {
		await this.voltLogWrites;
		if (this.running === 0 && this.queue.length === 0) return;
		await new Promise<void>(resolve => {
			this.idleWaiters.push(resolve);
		});
	}

	/** At shutdown: one last try for the failed images and volt.log lines (see beginShutdown), then give up on them. */
	async flush(): Promise<void> {
		this.beginShutdown();
		await this.idle();
		for (const {result, micros, resolve} of this.retries.splice(0)) this.giveUp(result, micros, resolve);
		this.retryBytes = 0;
		await this.voltLog.close();
		this.counters.voltLinesNotWritten = this.voltLog.notWritten;
		await this.writer.close();
	}

	/** What could not be written, in words for the end of a run (several lines); undefined when everything was. */
	describeUnwritten(): string | undefined {
		const {imagesNotWritten, voltLinesNotWritten} = this.counters;
		if (imagesNotWritten === 0 && voltLinesNotWritten === 0) return undefined;
		const why = this.lastError ? ` (${describeFsError(this.lastError.code, this.lastError.message)})` : '';
		const lines: string[] = [];
		if (imagesNotWritten > 0) {
			lines.push(`${imagesNotWritten} ${imagesNotWritten === 1 ? 'image' : 'images'} could not be written${why}:`);
			for (const file of this.notWritten) lines.push(`  ${file}`);
			if (imagesNotWritten > this.notWritten.length) lines.push(`  … and ${imagesNotWritten - this.notWritten.length} more`);
		}

		if (voltLinesNotWritten > 0) {
			lines.push(`${voltLinesNotWritten} ${voltLinesNotWritten === 1 ? 'line' : 'lines'} could not be written to ${this.voltLog.file}${why}`);
		}

		return lines.join('\n');
	}

	private retryImages(): void {
		const waiting = this.retries.splice(0);
		this.retryBytes = 0;
		// Each image's first failure was reported; while the disk stays full, one line per round is enough.
		const round: RetryRound = {reported: false};
		for (const {result, micros, resolve} of waiting) this.enqueue(result, micros, resolve, round);
	}

	private enqueue(result: ImageResult, micros: number, resolve: (file: string | undefined) => void, round?: RetryRound): void {
		const bytes = result.data.length;
		this.queuedBytes += bytes;
		this.queue.push(async () => {
			let file: string | undefined;
			let failure: unknown;
			try {
				file = await this.write(result, micros);
			} catch (error) {
				failure = error ?? new Error('write failed');
			}

			this.queuedBytes -= bytes;
			if (failure === undefined) {
				resolve(file);
				return;
			}

			if (round?.reported) {
				this.counters.writeErrors++;
				this.lastError = failure as NodeJS.ErrnoException;
			} else {
				this.reportError(this.fileName(result, micros), failure);
				if (round) round.reported = true;
			}

			if (!this.shuttingDown && this.retryBytes + bytes <= this.maxRetryBytes) {
				this.retryBytes += bytes;
				this.retries.push({result, micros, resolve});
			} else {
				this.giveUp(result, micros, resolve);
			}
		});
		this.pump();
	}

	private giveUp(result: ImageResult, micros: number, resolve: (file: string | undefined) => void): void {
		this.counters.imagesNotWritten++;
		if (this.notWritten.length < MAX_NAMED) this.notWritten.push(this.fileName(result, micros));
		resolve(undefined);
	}

	private pump(): void {
		while (this.running < this.concurrency && this.queue.length > 0) {
			const job = this.queue.shift()!;
			this.running++;
			void job().finally(() => {
				this.running--;
				if (this.running === 0 && this.queue.length === 0) {
					for (const wake of this.idleWaiters.splice(0)) wake();
				} else {
					this.pump();
				}
			});
		}
	}

	private async write(result: ImageResult, micros: number): Promise<string> {
		const folder = this.folderFor(result);
		for (let attempt = 0, name = micros; ; attempt++, name = this.uniqueMicros(micros / 1000)) {
			const file = this.fileName(result, name);
			try {
				await this.withFolder(folder, async () => this.writer.write(file, result.data));
			} catch (error) {
				// Taken by a file that was there before us: take the next free name.
				if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 1000) continue;
				throw error;
			}

			if (result.outcome === 'incomplete') this.counters.savedIncomplete++;
			else this.counters.savedGood++;
			this.counters.bytesWritten += result.data.length;
			return file;
		}
	}

	private fileName(result: ImageResult, micros: number): string {
		return result.outcome === 'incomplete'
			? path.join(this.incompleteDir, imageNameAt(result.mac, micros, result.reason ?? 'unknown'))
			: path.join(this.folderFor(result), imageNameAt(result.mac, micros));
	}

	private folderFor(result: ImageResult): string {
		if (result.outcome === 'incomplete') return this.incompleteDir;
		return result.outcome === 'unverified' ? this.unverifiedDir : this.outDir;
	}

	/** Runs `action`; if the folder vanished under us, makes it again and retries once. */
	private async withFolder<T>(folder: string, action: () => Promise<T>): Promise<T> {
		try {
			return await action();
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			await makeFolder(folder);
			return action();
		}
	}

	/**
	 * Names stay unique even when many images end within one second. A
	 * wall clock stepped back further (NTP on a Pi without a real-time clock) is
	 * followed: names tell the time the clock said (a name taken is skipped on EEXIST).
	 */
	private uniqueMicros(epochMs: number): number {
		const micros = Math.floor(epochMs * 1000);
		const justBefore = micros <= this.lastMicros && micros > this.lastMicros - 1_000_000;
		this.lastMicros = justBefore ? this.lastMicros + 1 : micros;
		return this.lastMicros;
	}

	private reportError(file: string, error: unknown): void {
		this.lastError = error as NodeJS.ErrnoException;
		this.counters.writeErrors++;
		this.options.onWriteError?.({path: file, error: error as NodeJS.ErrnoException});
	}
}
