/** Appends bytes into one buffer that doubles when full (one copy per byte). */
export class GrowableBuffer {
	private buffer: Buffer;
	length = 0;

	constructor(initialCapacity = 2048) {
		// Not from the shared pool: a view of a pooled slab would pin or copy the whole slab.
		this.buffer = Buffer.allocUnsafeSlow(initialCapacity);
	}

	append(bytes: Uint8Array): void {
		const needed = this.length + bytes.length;
		if (needed > this.buffer.length) {
			const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.buffer.length * 2));
			this.buffer.copy(grown, 0, 0, this.length);
			this.buffer = grown;
		}

		this.buffer.set(bytes, this.length);
		this.length = needed;
	}

	/** The bytes so far; a view, valid until the next append. */
	contents(): Buffer {
		return this.buffer.subarray(0, this.length);
	}
}
