import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {macToCompact, macToString} from '../protocol/mac.js';
import type {ImageResult, Telemetry} from '../reassembly/reassembler.js';
import {AppendLog} from './append-log.js';
import {FileWriter} from './file-writer.js';
import {fileTimestamp, logTimestamp} from './timestamps.js';

export const INCOMPLETE_FOLDER = 'incomplete';
/** With `--unverified apart`: good images that came without a HASH, kept away from the proven ones. */
export const UNVERIFIED_FOLDER = 'unverified';
export const VOLTAGE_LOG = 'volt.log';

export interface ImageStoreCounters {
	savedGood: number;
	savedIncomplete: number;
	bytesWritten: number;
	writeErrors: number;
	/** Images given up after their writes kept failing and the retry room was full. */
	imagesDropped: number;
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
	concurrency?: number;
}

type Job = () => Promise<void>;

/** An output folder that cannot be used at all (startup check). */
export class OutputFolderError extends Error {}

/**
 * Writes images and volt.log lines under the output folder. Good images go to
 * `<out>/<mac12>_<YYYYmmdd_HHMMSS_ffffff>.jpg`, incomplete ones to
 * `<out>/incomplete/<mac12>_<timestamp>_<reason>.jpg`; every write is atomic
 * and never replaces an existing file. Failed writes are counted, reported,
 * and retried later while they fit in the retry room.
 */
export class ImageStore {
	readonly counters: ImageStoreCounters = {savedGood: 0, savedIncomplete: 0, bytesWritten: 0, writeErrors: 0, imagesDropped: 0};
	readonly outDir: string;
	private readonly incompleteDir: string;
	private readonly unverifiedDir: string;
	private readonly maxRetryBytes: number;
	private readonly concurrency: number;
	private lastMicros = 0;
	private readonly queue: Job[] = [];
	private running = 0;
	private queuedBytes = 0;
	private retryBytes = 0;
	private readonly retries: Array<{result: ImageResult; micros: number; resolve: (file: string | undefined) => void}> = [];
	private readonly idleWaiters: Array<() => void> = [];
	private readonly voltageLog: AppendLog;
	private readonly writer = new FileWriter();
	private voltageWrites: Promise<void> = Promise.resolve();

	constructor(private readonly options: ImageStoreOptions) {
		this.outDir = options.outDir;
		this.incompleteDir = path.join(options.outDir, INCOMPLETE_FOLDER);
		this.unverifiedDir = options.unverifiedApart ? path.join(options.outDir, UNVERIFIED_FOLDER) : options.outDir;
		this.maxRetryBytes = options.maxRetryBytes ?? 64 * 1024 * 1024;
		this.concurrency = options.concurrency ?? 32;
		this.voltageLog = new AppendLog(path.join(options.outDir, VOLTAGE_LOG));
	}

	/** Creates the folders; throws OutputFolderError naming the path when that is impossible. */
	async prepare(): Promise<void> {
		for (const folder of new Set([this.outDir, this.incompleteDir, this.unverifiedDir])) {
			try {
				await mkdir(folder, {recursive: true});
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				throw new OutputFolderError(`cannot use output folder ${folder}: ${describeFsError(code, (error as Error).message)}`);
			}
		}
	}

	/** Bytes accepted but not yet on disk (for back-pressure). */
	get pendingBytes(): number {
		return this.queuedBytes + this.retryBytes;
	}

	/** Images queued or being written (not those waiting for a retry). */
	get pendingImages(): number {
		return this.queue.length + this.running;
	}

	/** Saves an image; resolves to its path, or undefined if nothing was written. */
	save(result: ImageResult): Promise<string | undefined> {
		if (result.data.length === 0) return Promise.resolve(undefined);
		const micros = this.uniqueMicros(result.endedAt);
		return new Promise(resolve => {
			this.enqueue(result, micros, resolve);
		});
	}

	/** Appends `YYYY-mm-dd HH:MM:SS.fff,<mac>,<volt>` to volt.log, in order; the reading as the camera sent it. */
	appendVoltage(telemetry: Telemetry): Promise<void> {
		const line = `${logTimestamp(telemetry.atMs)},${macToString(telemetry.mac)},${telemetry.reading}\n`;
		this.voltageWrites = this.voltageLog.append(line).catch(error => this.reportError(this.voltageLog.file, error));
		return this.voltageWrites;
	}

	/** Tries the failed images again (call it from a timer). */
	retryFailed(): void {
		const waiting = this.retries.splice(0);
		this.retryBytes = 0;
		for (const {result, micros, resolve} of waiting) this.enqueue(result, micros, resolve);
	}

	/** Resolves when nothing is queued or being written (failed images may still wait for a retry). */
	async idle(): Promise<void> {
		await this.voltageWrites;
		if (this.running === 0 && this.queue.length === 0) return;
		await new Promise<void>(resolve => {
			this.idleWaiters.push(resolve);
		});
	}

	/** At shutdown: one last try for the failed images, then give up on them. */
	async flush(): Promise<void> {
		this.retryFailed();
		await this.idle();
		for (const {resolve} of this.retries.splice(0)) {
			this.counters.imagesDropped++;
			resolve(undefined);
		}

		this.retryBytes = 0;
		await this.voltageLog.close();
		await this.writer.close();
	}

	private enqueue(result: ImageResult, micros: number, resolve: (file: string | undefined) => void): void {
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

			this.reportError(this.fileName(result, micros), failure);
			if (this.retryBytes + bytes <= this.maxRetryBytes) {
				this.retryBytes += bytes;
				this.retries.push({result, micros, resolve});
			} else {
				this.counters.imagesDropped++;
				resolve(undefined);
			}
		});
		this.pump();
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
		for (let attempt = 0, name = micros; ; attempt++, name = this.uniqueMicros(result.endedAt)) {
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
		const stem = `${macToCompact(result.mac)}_${fileTimestamp(micros)}`;
		return result.outcome === 'incomplete'
			? path.join(this.incompleteDir, `${stem}_${result.reason ?? 'unknown'}.jpg`)
			: path.join(this.folderFor(result), `${stem}.jpg`);
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
			await mkdir(folder, {recursive: true});
			return action();
		}
	}

	/** Names stay unique even when many images end within one microsecond. */
	private uniqueMicros(epochMs: number): number {
		this.lastMicros = Math.max(this.lastMicros + 1, Math.floor(epochMs * 1000));
		return this.lastMicros;
	}

	private reportError(file: string, error: unknown): void {
		this.counters.writeErrors++;
		this.options.onWriteError?.({path: file, error: error as NodeJS.ErrnoException});
	}
}

export function describeFsError(code: string | undefined, fallback: string): string {
	switch (code) {
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'ENOSPC':
			return 'no space left on the device';
		case 'EROFS':
			return 'read-only file system';
		case 'ENOTDIR':
		case 'EEXIST':
			return 'a file is in the way (not a folder)';
		case 'ENOENT':
			return 'folder does not exist';
		default:
			return fallback;
	}
}
