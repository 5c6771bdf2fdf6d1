/** Where a piece of data lies in a SharedByteRing. */
export interface RingSlot {
	offset: number;
	length: number;
}

/**
 * A fixed block of memory shared with one worker thread, used as a FIFO
 * ring: the main thread copies data in, the worker reads it in place, and
 * slots are released in the order they were taken.
 *
 * Why: data posted to a worker is copied into the worker's isolate, and V8
 * frees that copy only at some later garbage collection. At thousands of
 * images a second those copies, not the images, were most of the process's
 * memory. Through the ring, what a worker holds is bounded by its capacity.
 */
export class SharedByteRing {
	readonly buffer: SharedArrayBuffer;
	private readonly bytes: Uint8Array;
	/** Slots in use, oldest first, from index `first`. */
	private slots: RingSlot[] = [];
	private first = 0;

	constructor(readonly capacity: number) {
		this.buffer = new SharedArrayBuffer(capacity);
		this.bytes = new Uint8Array(this.buffer);
	}

	get slotsInUse(): number {
		return this.slots.length - this.first;
	}

	/** Whether data of this length can ever go through the ring (empty data has no place in it). */
	canHold(length: number): boolean {
		return length > 0 && length <= this.capacity;
	}

	/** Copies `data` in; undefined while there is no room for it. */
	put(data: Uint8Array): RingSlot | undefined {
		if (!this.canHold(data.length)) throw new RangeError(`the ring holds 1 to ${this.capacity} bytes, not ${data.length}`);
		const offset = this.freeOffset(data.length);
		if (offset === undefined) return undefined;
		this.bytes.set(data, offset);
		const slot = {offset, length: data.length};
		this.slots.push(slot);
		return slot;
	}

	/** Frees the oldest slot in use. */
	releaseOldest(): void {
		if (this.first >= this.slots.length) return;
		this.first++;
		if (this.first === this.slots.length) {
			this.slots = [];
			this.first = 0;
		} else if (this.first >= 1024 && this.first * 2 >= this.slots.length) {
			this.slots = this.slots.slice(this.first);
			this.first = 0;
		}
	}

	private freeOffset(length: number): number | undefined {
		if (this.first === this.slots.length) return 0;
		const oldest = this.slots[this.first]!;
		const newest = this.slots[this.slots.length - 1]!;
		const end = newest.offset + newest.length;
		const wrapped = newest !== oldest && newest.offset < oldest.offset;
		if (wrapped) return end + length <= oldest.offset ? end : undefined;
		if (end + length <= this.capacity) return end;
		return length <= oldest.offset ? 0 : undefined;
	}
}
