/**
 * A first-in first-out queue that never grows past its limits: pushing onto a
 * full queue drops the oldest items and counts them. Limits are a number of
 * items and, optionally, a total size (e.g. bytes of JPEG waiting for a broker).
 */
export class BoundedQueue<T> {
	private items: (T | undefined)[];
	private head = 0;
	private count = 0;
	private size = 0;
	/** Items dropped to make room, in all. */
	dropped = 0;

	constructor(
		readonly capacity: number,
		private readonly limits: {maxSize?: number; sizeOf?: (item: T) => number} = {},
	) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
		this.items = new Array<T | undefined>(capacity);
	}

	get length(): number {
		return this.count;
	}

	/** The total size of the items queued (0 without a sizeOf). */
	get totalSize(): number {
		return this.size;
	}

	/** Adds at the back; returns how many old items were dropped to make room. */
	push(item: T): number {
		const droppedBefore = this.dropped;
		const itemSize = this.sizeOf(item);
		const maxSize = this.limits.maxSize ?? Number.POSITIVE_INFINITY;
		if (itemSize > maxSize) {
			// Bigger than the whole queue: it can never be kept.
			this.dropped++;
			return 1;
		}

		while (this.count === this.capacity || this.size + itemSize > maxSize) this.dropOldest();
		this.items[(this.head + this.count) % this.capacity] = item;
		this.count++;
		this.size += itemSize;
		return this.dropped - droppedBefore;
	}

	/** Removes and returns up to `max` items from the front, oldest first. */
	take(max = this.count): T[] {
		const taken: T[] = [];
		while (taken.length < max && this.count > 0) taken.push(this.shift()!);
		return taken;
	}

	/**
	 * Puts items taken earlier (a batch that failed to send) back at the front,
	 * in their order. What no longer fits is dropped, oldest first: newer data
	 * that arrived meanwhile wins.
	 */
	putBack(items: readonly T[]): void {
		for (let index = items.length - 1; index >= 0; index--) {
			const item = items[index]!;
			const itemSize = this.sizeOf(item);
			if (this.count === this.capacity || this.size + itemSize > (this.limits.maxSize ?? Number.POSITIVE_INFINITY)) {
				this.dropped += index + 1;
				return;
			}

			this.head = (this.head - 1 + this.capacity) % this.capacity;
			this.items[this.head] = item;
			this.count++;
			this.size += itemSize;
		}
	}

	peek(): T | undefined {
		return this.count === 0 ? undefined : this.items[this.head];
	}

	clear(): void {
		this.items.fill(undefined);
		this.head = 0;
		this.count = 0;
		this.size = 0;
	}

	private shift(): T | undefined {
		if (this.count === 0) return undefined;
		const item = this.items[this.head];
		this.items[this.head] = undefined;
		this.head = (this.head + 1) % this.capacity;
		this.count--;
		this.size -= this.sizeOf(item!);
		return item;
	}

	private dropOldest(): void {
		this.shift();
		this.dropped++;
	}

	private sizeOf(item: T): number {
		return this.limits.sizeOf?.(item) ?? 0;
	}
}
