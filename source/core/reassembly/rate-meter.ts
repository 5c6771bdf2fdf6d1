/**
 * Bytes per second over the last few whole seconds, in one-second buckets.
 * Time is passed in, so it works the same live and in tests.
 */
export class RateMeter {
	private readonly buckets: Float64Array;
	private currentSecond = -1;

	constructor(readonly windowSeconds = 10) {
		this.buckets = new Float64Array(windowSeconds + 1);
	}

	add(amount: number, nowMs: number): void {
		this.advance(nowMs);
		this.buckets[this.currentSecond % this.buckets.length]! += amount;
	}

	/** Average per second over the last `windowSeconds` complete seconds. */
	perSecond(nowMs: number): number {
		this.advance(nowMs);
		let total = 0;
		for (let i = 1; i <= this.windowSeconds; i++) total += this.bucketAt(this.currentSecond - i);
		return total / this.windowSeconds;
	}

	/** Totals of the last `count` complete seconds, oldest first (for a sparkline). */
	history(nowMs: number, count = this.windowSeconds): number[] {
		this.advance(nowMs);
		const values: number[] = [];
		for (let i = Math.min(count, this.windowSeconds); i >= 1; i--) values.push(this.bucketAt(this.currentSecond - i));
		return values;
	}

	private bucketAt(second: number): number {
		return second < 0 ? 0 : this.buckets[second % this.buckets.length]!;
	}

	private advance(nowMs: number): void {
		const second = Math.floor(nowMs / 1000);
		if (second <= this.currentSecond) return;
		const steps = this.currentSecond < 0 ? this.buckets.length : Math.min(second - this.currentSecond, this.buckets.length);
		for (let i = 1; i <= steps; i++) this.buckets[(second - steps + i) % this.buckets.length] = 0;
		this.currentSecond = second;
	}
}
