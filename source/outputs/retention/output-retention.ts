import {unlink} from 'node:fs/promises';
import {formatBytes, plural} from '../../core/format.js';
import {describeFsError} from '../../io/store/fs-errors.js';
import {imagePath, listImages, type StoredImage} from './image-inventory.js';
import {planRetention} from './retention-plan.js';
import type {RetentionSettings} from './retention-settings.js';

export interface RetentionOptions {
	outDir: string;
	settings: RetentionSettings;
	/** One line per sweep that removed something or failed (and one for the first sweep). */
	report: (level: 'info' | 'warn', message: string) => void;
	/** The images a sweep removed (none: not called), for whoever lists them (the zoom view's history). */
	removed?: (images: readonly StoredImage[]) => void;
	/** How often the folder is checked anyway. */
	periodMs?: number;
	/** The wall clock, for file ages (which are wall-clock time by nature). */
	now?: () => number;
}

const PERIOD_MS = 10 * 60_000;
/** Written bytes that bring the next check early: a tenth of --max-disk, at most this. */
const MOST_BYTES_BETWEEN_SWEEPS = 64 * 1024 * 1024;
/** A burst of images does not make sweep follow sweep. */
const LEAST_MS_BETWEEN_SWEEPS = 1000;

/**
 * Keeps the output folder within --keep-days / --max-disk: checks it at start,
 * every 10 minutes, and early after a tenth of --max-disk has been written.
 * Runs beside receiving, never in its way: async file system calls one at a
 * time, one sweep at a time, and only image files it knows by name are removed.
 */
export class OutputRetention {
	private readonly periodMs: number;
	private readonly now: () => number;
	private readonly bytesBetweenSweeps: number;
	private timer?: NodeJS.Timeout;
	private delayed?: NodeJS.Timeout;
	private running?: Promise<void>;
	private sweepAgain = false;
	private writtenSinceSweep = 0;
	private lastSweepAt = Number.NEGATIVE_INFINITY;
	private sweeps = 0;
	/** Stopping: no new sweep. */
	private closing = false;
	/** Stopped at once: a sweep under way ends before its next file. */
	private stopped = false;

	constructor(private readonly options: RetentionOptions) {
		this.periodMs = options.periodMs ?? PERIOD_MS;
		this.now = options.now ?? Date.now;
		const {maxBytes} = options.settings;
		this.bytesBetweenSweeps = maxBytes === undefined ? Number.POSITIVE_INFINITY : Math.min(MOST_BYTES_BETWEEN_SWEEPS, Math.max(1, Math.floor(maxBytes / 10)));
	}

	start(): void {
		this.timer = setInterval(() => this.requestSweep(), this.periodMs);
		this.timer.unref();
		this.requestSweep();
	}

	/** An image of `bytes` was written to the folder. */
	written(bytes: number): void {
		this.writtenSinceSweep += bytes;
		if (this.writtenSinceSweep >= this.bytesBetweenSweeps) this.requestSweep();
	}

	/**
	 * No new sweep starts. One under way is finished, and one that was due made
	 * (the end of a replay), or
	 * with `abandon` (a signal: the program must end at once) stopped before its
	 * next file. Resolves when it has ended.
	 */
	async stop({abandon = false} = {}): Promise<void> {
		// A replay writes faster than sweeps may follow each other: the one it is owed is made before it ends.
		const owed = !abandon && (this.delayed !== undefined || this.sweepAgain);
		this.closing = true;
		this.stopped ||= abandon;
		clearInterval(this.timer);
		clearTimeout(this.delayed);
		this.delayed = undefined;
		await this.running;
		if (owed && !this.stopped) await this.sweep().catch((error: unknown) => this.options.report('warn', `retention: the check of ${this.options.outDir} failed: ${String(error)}`));
	}

	/** Resolves when no sweep is under way or waiting to start (for tests). */
	async idle(): Promise<void> {
		while (this.running ?? this.delayed) {
			await (this.running ?? new Promise(resolve => setTimeout(resolve, LEAST_MS_BETWEEN_SWEEPS)));
		}
	}

	private requestSweep(): void {
		if (this.closing) return;
		if (this.running) {
			this.sweepAgain = true;
			return;
		}

		if (this.delayed) return;

		// A duration: on the monotonic clock (the wall clock, `now`, may step with NTP; it judges file ages).
		const wait = this.lastSweepAt + LEAST_MS_BETWEEN_SWEEPS - performance.now();
		if (wait > 0) {
			this.delayed = setTimeout(() => {
				this.delayed = undefined;
				this.requestSweep();
			}, wait);
			this.delayed.unref();
			return;
		}

		this.writtenSinceSweep = 0;
		this.lastSweepAt = performance.now();
		this.running = this.sweep()
			.catch((error: unknown) => this.options.report('warn', `retention: the check of ${this.options.outDir} failed: ${String(error)}`))
			.finally(() => {
				this.running = undefined;
				if (this.sweepAgain) {
					this.sweepAgain = false;
					this.requestSweep();
				}
			});
	}

	private async sweep(): Promise<void> {
		const {outDir, settings} = this.options;
		const stopped = () => this.stopped;
		const images = await listImages(outDir, stopped);
		if (this.stopped) return;
		const {remove, keep} = await planRetention(images, settings, this.now());
		const removed: StoredImage[] = [];
		const failures: string[] = [];
		const kept = [...keep];
		for (const [index, image] of remove.entries()) {
			if (this.stopped) {
				kept.push(...remove.slice(index));
				break;
			}

			const file = imagePath(outDir, image);
			try {
				await unlink(file);
				removed.push(image);
			} catch (error) {
				const {code, message} = error as NodeJS.ErrnoException;
				// Gone already (a person tidied up): neither removed by us nor kept.
				if (code === 'ENOENT') continue;
				failures.push(`${describeFsError(code, message)}: ${file}`);
				kept.push(image);
			}
		}

		if (removed.length > 0) this.options.removed?.(removed);
		const first = this.sweeps++ === 0;
		if (!first && removed.length === 0 && failures.length === 0) return;
		const parts = first ? [`${describePolicy(settings)} in ${outDir}`] : [];
		if (removed.length > 0 || !first) parts.push(`removed ${describeImages(removed, 'by folder')}`);
		parts.push(`kept ${describeImages(kept, 'oldest')}`);
		if (failures.length > 0) parts.push(`could not remove ${plural(failures.length, 'image')} (${failures[0]}${failures.length > 1 ? ', …' : ''})`);
		this.options.report(failures.length > 0 ? 'warn' : 'info', `retention: ${parts.join('; ')}`);
	}
}

function describePolicy({maxAgeMs, maxBytes}: RetentionSettings): string {
	const limits = [
		maxAgeMs === undefined ? undefined : `for ${plural(Number((maxAgeMs / 86_400_000).toFixed(3)), 'day')}`,
		maxBytes === undefined ? undefined : `up to ${formatBytes(maxBytes)}`,
	];
	return `keeping images ${limits.filter(limit => limit !== undefined).join(' and ')}`;
}

/** `12 images, 3.4 MiB (8 incomplete, 4 good)` or `8400 images, 61.4 MiB, oldest 2026-10-26 13:10:02` */
function describeImages(images: readonly StoredImage[], detail: 'by folder' | 'oldest'): string {
	let bytes = 0;
	let oldest = Number.POSITIVE_INFINITY;
	const counts = new Map<string, number>();
	for (const image of images) {
		bytes += image.bytes;
		oldest = Math.min(oldest, image.mtimeMs);
		counts.set(image.folder, (counts.get(image.folder) ?? 0) + 1);
	}

	const total = `${plural(images.length, 'image')}, ${formatBytes(bytes)}`;
	if (images.length === 0) return plural(0, 'image');
	if (detail === 'oldest') return `${total}, oldest ${localTime(oldest)}`;
	return `${total} (${[...counts].map(([folder, count]) => `${count} ${folder}`).join(', ')})`;
}

function localTime(ms: number): string {
	const date = new Date(ms);
	const two = (value: number) => String(value).padStart(2, '0');
	return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
