/** Falling fast: the newest reading is this many points below the highest of the hour before it. */
export const FALLING_POINTS = 10;
export const FALLING_WINDOW_MS = 60 * 60 * 1000;
const READINGS_KEPT = 64;

/**
 * A camera's last battery readings (0..100), oldest first, bounded: enough for
 * a sparkline and for the hour that "falling fast" looks at. Pure.
 */
export class BatteryTrend {
	private readonly times: number[] = [];
	private readonly percents: number[] = [];

	add(at: number, percent: number): void {
		this.times.push(at);
		this.percents.push(percent);
		if (this.times.length > READINGS_KEPT) {
			this.times.shift();
			this.percents.shift();
		}
	}

	get latest(): number | undefined {
		return this.percents.at(-1);
	}

	/** The last `count` readings, oldest first. */
	recent(count: number): number[] {
		return this.percents.slice(-count);
	}

	isLow(lowPercent: number): boolean {
		const latest = this.latest;
		return latest !== undefined && latest <= lowPercent;
	}

	isFallingFast(): boolean {
		const latest = this.latest;
		const latestAt = this.times.at(-1);
		if (latest === undefined || latestAt === undefined) return false;
		let highest = latest;
		for (let i = this.times.length - 1; i >= 0 && latestAt - this.times[i]! <= FALLING_WINDOW_MS; i--) {
			highest = Math.max(highest, this.percents[i]!);
		}

		return highest - latest >= FALLING_POINTS;
	}
}
