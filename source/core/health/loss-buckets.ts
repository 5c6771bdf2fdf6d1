const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Images and incomplete images per minute (the last 60) and per hour (the
 * last 24): the share of images incomplete in the last hour and the last day.
 * Only buckets that hold images are kept, so a camera heard once costs two
 * small entries. Pure.
 */
export class LossBuckets {
	private readonly minutes = new BucketList(MINUTE_MS, 60);
	private readonly hours = new BucketList(HOUR_MS, 24);

	add(at: number, incomplete: boolean): void {
		this.minutes.add(at, incomplete);
		this.hours.add(at, incomplete);
	}

	/** Incomplete share (0..1) of the images of the current minute and the 59 before it; undefined when there were none. */
	lastHour(now: number): number | undefined {
		return this.minutes.share(now);
	}

	/** The same over the current hour and the 23 before it. */
	lastDay(now: number): number | undefined {
		return this.hours.share(now);
	}
}

class BucketList {
	/** Flat triples: bucket number, images, incomplete; oldest first. */
	private readonly entries: number[] = [];

	constructor(
		private readonly bucketMs: number,
		private readonly kept: number,
	) {}

	add(at: number, incomplete: boolean): void {
		const bucket = Math.floor(at / this.bucketMs);
		let index = this.entries.length - 3;
		// Images arrive in time order; an older one (a clock step) goes to the newest bucket it can.
		if (index < 0 || this.entries[index]! < bucket) {
			this.entries.push(bucket, 0, 0);
			index = this.entries.length - 3;
		}

		this.entries[index + 1]!++;
		if (incomplete) this.entries[index + 2]!++;
		this.prune(Math.max(bucket, this.entries[index]!));
	}

	share(now: number): number | undefined {
		const oldest = Math.floor(now / this.bucketMs) - this.kept + 1;
		let images = 0;
		let incomplete = 0;
		for (let i = 0; i < this.entries.length; i += 3) {
			if (this.entries[i]! < oldest) continue;
			images += this.entries[i + 1]!;
			incomplete += this.entries[i + 2]!;
		}

		return images === 0 ? undefined : incomplete / images;
	}

	private prune(newest: number): void {
		let drop = 0;
		while (drop < this.entries.length && this.entries[drop]! <= newest - this.kept) drop += 3;
		if (drop > 0) this.entries.splice(0, drop);
	}
}
