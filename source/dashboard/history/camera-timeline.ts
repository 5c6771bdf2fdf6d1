/**
 * One camera's images, oldest first, in parallel typed arrays: 21 bytes an
 * image, so a folder of 200,000 images costs a few megabytes, not an object
 * (and a path string) each. A file's path is made again from these when asked.
 */
import {NAMED_REASONS, type ImageFolder, type NamedReason, type ParsedImageName} from '../../io/store/output-layout.js';

/** An image as stored: `code` says its folder, reason and, when this run saw it, its outcome. */
export interface TimelineEntry {
	/** Epoch microseconds of the local time in the name. */
	time: number;
	/** `YYYYmmddHHMMSS` of the name. */
	stamp: number;
	/** The name's microseconds. */
	micros: number;
	code: number;
}

/** In the output folder: verified or unverified (a name in the output folder does not say which). */
export const CODE_GOOD = 0;
/** In the output folder, and this run saved it as verified. */
export const CODE_VERIFIED = 1;
/** In the output folder, and this run saved it as unverified (`--unverified together`). */
export const CODE_UNVERIFIED = 2;
/** In `unverified/`. */
export const CODE_UNVERIFIED_APART = 3;
/** In `incomplete/`: this plus the index of its reason in NAMED_REASONS. */
const CODE_INCOMPLETE = 16;

export function incompleteCode(reason: NamedReason): number {
	return CODE_INCOMPLETE + NAMED_REASONS.indexOf(reason);
}

/**
 * The code of an image file found in `folder` named as `parsed` says; `saved`:
 * how this run saved it, when it did (files listed from disk do not say).
 */
export function timelineEntry(parsed: ParsedImageName, folder: ImageFolder, saved?: 'verified' | 'unverified'): TimelineEntry {
	const code =
		folder === 'incomplete'
			? incompleteCode(parsed.reason ?? 'unknown')
			: folder === 'unverified'
				? CODE_UNVERIFIED_APART
				: saved === 'verified'
					? CODE_VERIFIED
					: saved === 'unverified'
						? CODE_UNVERIFIED
						: CODE_GOOD;
	return {time: Math.round(parsed.at * 1000), stamp: parsed.stamp, micros: parsed.micros, code};
}

export function folderOfCode(code: number): ImageFolder {
	return code >= CODE_INCOMPLETE ? 'incomplete' : code === CODE_UNVERIFIED_APART ? 'unverified' : 'good';
}

export function reasonOfCode(code: number): NamedReason | undefined {
	return code >= CODE_INCOMPLETE ? NAMED_REASONS[code - CODE_INCOMPLETE] : undefined;
}

/** Codes of the same file compare equal: what this run knows of an outcome is no part of a file's identity. */
function fileCode(code: number): number {
	return code <= CODE_UNVERIFIED ? CODE_GOOD : code;
}

/** Order: time, then folder and reason, then the name's digits (two names can make one time where a clock was put forward). */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
	return a.time - b.time || fileCode(a.code) - fileCode(b.code) || a.stamp - b.stamp;
}

const FIRST_CAPACITY = 16;

export class CameraTimeline {
	private times = new Float64Array(FIRST_CAPACITY);
	private stamps = new Float64Array(FIRST_CAPACITY);
	private micros = new Uint32Array(FIRST_CAPACITY);
	private codes = new Uint8Array(FIRST_CAPACITY);
	length = 0;

	entry(index: number): TimelineEntry | undefined {
		if (index < 0 || index >= this.length) return undefined;
		return {time: this.times[index]!, stamp: this.stamps[index]!, micros: this.micros[index]!, code: this.codes[index]!};
	}

	/** Epoch microseconds of the newest image; undefined when there is none. */
	get newestTime(): number | undefined {
		return this.length === 0 ? undefined : this.times[this.length - 1];
	}

	/** Whether any image is a good one (a camera with only incomplete images may be a phantom: another sender, a flood). */
	hasGoodImage(): boolean {
		for (let index = this.length - 1; index >= 0; index--) if (this.codes[index]! < CODE_INCOMPLETE) return true;
		return false;
	}

	/** Epoch milliseconds of every image, oldest first (a copy). */
	timesMs(): Float64Array {
		const times = this.times.slice(0, this.length);
		for (let index = 0; index < times.length; index++) times[index] = times[index]! / 1000;
		return times;
	}

	/** The index of the first entry not before `entry` (equal to `length` when all are before it). */
	lowerBound(entry: TimelineEntry): number {
		let low = 0;
		let high = this.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (this.compareAt(middle, entry) < 0) low = middle + 1;
			else high = middle;
		}

		return low;
	}

	/** Adds one image in its place; the same file again only adds what is now known of its outcome. */
	insert(entry: TimelineEntry): void {
		const index = this.lowerBound(entry);
		if (index < this.length && this.compareAt(index, entry) === 0) {
			this.codes[index] = Math.max(this.codes[index]!, entry.code);
			return;
		}

		this.reserve(this.length + 1);
		for (const array of this.arrays()) array.copyWithin(index + 1, index, this.length);
		this.write(index, entry);
		this.length++;
	}

	/**
	 * Adds many images, sorted by compareEntries, in one pass over what is
	 * here: merged from the back into room made at the end, so nothing is
	 * copied twice and no new arrays are made (beyond growing them).
	 */
	insertSorted(batch: readonly TimelineEntry[]): void {
		if (batch.length === 0) return;
		const end = this.length + batch.length;
		this.reserve(end);
		let mine = this.length - 1;
		let theirs = batch.length - 1;
		let to = end - 1;
		while (theirs >= 0) {
			const incoming = batch[theirs]!;
			const order = mine >= 0 ? this.compareAt(mine, incoming) : -1;
			if (order > 0) {
				this.move(mine--, to--);
				continue;
			}

			if (order === 0) {
				this.codes[mine] = Math.max(this.codes[mine]!, incoming.code);
				this.move(mine--, to--);
			} else if (to + 1 < end && compareEntries(incoming, this.entryAtUnchecked(to + 1)) === 0) {
				// The same file twice in the batch: keep the one already placed.
				this.codes[to + 1] = Math.max(this.codes[to + 1]!, incoming.code);
			} else {
				this.write(to--, incoming);
			}

			theirs--;
		}

		// Entries that were the same file took one place, not two: close the gap they left.
		const gap = to - mine;
		if (gap > 0) for (const array of this.arrays()) array.copyWithin(mine + 1, to + 1, end);
		this.length = end - gap;
	}

	/**
	 * Takes out the images of `batch` (sorted by compareEntries; ones not here
	 * are passed over) in one pass: thousands removed by one retention sweep
	 * cost one walk over the timeline, not one each.
	 */
	removeSorted(batch: readonly TimelineEntry[]): void {
		let next = 0;
		let to = 0;
		for (let from = 0; from < this.length; from++) {
			while (next < batch.length && this.compareAt(from, batch[next]!) > 0) next++;
			if (next < batch.length && this.compareAt(from, batch[next]!) === 0) {
				next++;
				continue;
			}

			this.move(from, to++);
		}

		this.length = to;
	}

	private compareAt(index: number, entry: TimelineEntry): number {
		return this.times[index]! - entry.time || fileCode(this.codes[index]!) - fileCode(entry.code) || this.stamps[index]! - entry.stamp;
	}

	private entryAtUnchecked(index: number): TimelineEntry {
		return {time: this.times[index]!, stamp: this.stamps[index]!, micros: this.micros[index]!, code: this.codes[index]!};
	}

	private move(from: number, to: number): void {
		if (from === to) return;
		this.times[to] = this.times[from]!;
		this.stamps[to] = this.stamps[from]!;
		this.micros[to] = this.micros[from]!;
		this.codes[to] = this.codes[from]!;
	}

	private write(index: number, entry: TimelineEntry): void {
		this.times[index] = entry.time;
		this.stamps[index] = entry.stamp;
		this.micros[index] = entry.micros;
		this.codes[index] = entry.code;
	}

	private arrays(): (Float64Array | Uint32Array | Uint8Array)[] {
		return [this.times, this.stamps, this.micros, this.codes];
	}

	private reserve(capacity: number): void {
		if (capacity <= this.times.length) return;
		let size = this.times.length;
		while (size < capacity) size *= 2;
		this.times = grown(this.times, new Float64Array(size));
		this.stamps = grown(this.stamps, new Float64Array(size));
		this.micros = grown(this.micros, new Uint32Array(size));
		this.codes = grown(this.codes, new Uint8Array(size));
	}
}

function grown<T extends Float64Array | Uint32Array | Uint8Array>(old: T, bigger: T): T {
	bigger.set(old);
	return bigger;
}
