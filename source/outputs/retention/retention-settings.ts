import {positiveNumber, UsageError} from '../../runtime/flag-validation.js';

/** What to keep of the images in the output folder; neither set: everything (the default). */
export interface RetentionSettings {
	/** `--keep-days`: images older than this (by file time) are removed. */
	maxAgeMs?: number;
	/** `--max-disk`: the images together take at most this many bytes. */
	maxBytes?: number;
}

const DAY_MS = 86_400_000;
const UNITS: Record<string, number> = {'': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4};

/** `--keep-days` and `--max-disk` as given (either may be absent); undefined when both are. */
export function retentionSettings(keepDays: string | undefined, maxDisk: string | undefined): RetentionSettings | undefined {
	if (keepDays === undefined && maxDisk === undefined) return undefined;
	return {
		...(keepDays === undefined ? {} : {maxAgeMs: positiveNumber('keep-days', keepDays, {max: 36_500}) * DAY_MS}),
		...(maxDisk === undefined ? {} : {maxBytes: diskSize('max-disk', maxDisk)}),
	};
}

/** `500M`, `2G`, `1.5GiB`, `800k`, `1048576` (bytes); K, M, G, T are powers of 1024, as `du -h` and `df -h` count. */
export function diskSize(flag: string, value: string): number {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|b)?\s*$/i.exec(value);
	const bytes = match ? Math.floor(Number(match[1]) * UNITS[(match[2] ?? '').toUpperCase()]!) : Number.NaN;
	if (!Number.isSafeInteger(bytes) || bytes < 1) {
		throw new UsageError(`--${flag} must be a size such as 500M or 2G (K, M, G, T: KiB, MiB, GiB, TiB; got ${JSON.stringify(value)})`);
	}

	return bytes;
}
