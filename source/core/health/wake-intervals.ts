/** Image ends closer together than this belong to one wake (a relay reboot cuts an image in two; some firmware sends twice). */
export const BURST_MS = 2000;
/** Intervals needed before a learned interval is trusted. */
export const MIN_INTERVALS = 3;
/** Wakes kept: the median is taken over the intervals between them. */
const WAKES_KEPT = 16;

/**
 * A camera's wake times (image end times), the most recent few, and the usual
 * interval between them: the median, so that a missed wake (a doubled
 * interval) or a burst (a tiny one) now and then does not move it. Pure.
 */
export class WakeIntervals {
	private wakes: number[] = [];
	/** The median, worked out once per change (it is asked for several times a second). */
	private median?: number | null;

	get last(): number | undefined {
		return this.wakes.at(-1);
	}

	add(at: number): void {
		const last = this.last;
		if (last === undefined || at >= last) {
			if (last !== undefined && at - last < BURST_MS) return;
			this.wakes.push(at);
			if (this.wakes.length > WAKES_KEPT) this.wakes.shift();
			this.median = undefined;
			return;
		}

		this.addMany([at]);
	}

	/** Wakes in any order, e.g. earlier runs' image times from the output folder; merged with those known. */
	addMany(times: Iterable<number>): void {
		const all = [...this.wakes, ...times].filter(Number.isFinite).sort((a, b) => a - b);
		const merged: number[] = [];
		for (const at of all) {
			const previous = merged.at(-1);
			if (previous === undefined || at - previous >= BURST_MS) merged.push(at);
		}

		this.wakes = merged.slice(-WAKES_KEPT);
		this.median = undefined;
	}

	/** The median interval, once MIN_INTERVALS intervals are known. */
	usual(): number | undefined {
		this.median ??= this.computeMedian() ?? null;
		return this.median ?? undefined;
	}

	private computeMedian(): number | undefined {
		const count = this.wakes.length - 1;
		if (count < MIN_INTERVALS) return undefined;
		const intervals: number[] = [];
		for (let i = 1; i < this.wakes.length; i++) intervals.push(this.wakes[i]! - this.wakes[i - 1]!);
		intervals.sort((a, b) => a - b);
		const middle = Math.floor(count / 2);
		return count % 2 === 1 ? intervals[middle]! : (intervals[middle - 1]! + intervals[middle]!) / 2;
	}
}
