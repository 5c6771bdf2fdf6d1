import type {MacNumber} from '../../core/protocol/mac.js';

/** Only lines about this camera; undefined: every line. */
export type CameraFilter = MacNumber | undefined;

/**
 * The log's lines, the newest `capacity` of them, in a ring: numbered from 1
 * in arrival order (an id stays the same line for as long as it is kept), each
 * with the camera it concerns, if any. Items are kept as given (the model
 * keeps events, put into words only when shown or searched). Pure, no React.
 */
export class LogBuffer<T> {
	private readonly items: (T | undefined)[];
	/** The camera of each slot; NaN: the line concerns no camera. MACs are 48-bit, exact in a float64. */
	private readonly cameras: Float64Array;
	private nextId = 1;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LogBuffer capacity must be a positive integer, not ${capacity}`);
		this.items = Array.from<T | undefined>({length: capacity});
		this.cameras = new Float64Array(capacity);
	}

	/** Adds a line (dropping the oldest when full); returns its id. */
	push(item: T, camera?: MacNumber): number {
		const id = this.nextId++;
		const slot = id % this.capacity;
		this.items[slot] = item;
		this.cameras[slot] = camera ?? Number.NaN;
		return id;
	}

	/** The oldest line kept (lastId + 1 when empty). */
	get firstId(): number {
		return Math.max(1, this.nextId - this.capacity);
	}

	/** The newest line (0 when nothing ever came). */
	get lastId(): number {
		return this.nextId - 1;
	}

	get size(): number {
		return this.nextId - this.firstId;
	}

	has(id: number): boolean {
		return Number.isInteger(id) && id >= this.firstId && id <= this.lastId;
	}

	get(id: number): T | undefined {
		return this.has(id) ? this.items[id % this.capacity] : undefined;
	}

	cameraOf(id: number): MacNumber | undefined {
		if (!this.has(id)) return undefined;
		const camera = this.cameras[id % this.capacity]!;
		return Number.isNaN(camera) ? undefined : camera;
	}

	/** The line is kept and passes the filter. */
	passes(id: number, filter: CameraFilter): boolean {
		return this.has(id) && (filter === undefined || this.cameras[id % this.capacity] === filter);
	}

	/**
	 * The first line after `id` (before it, for direction -1) that passes the
	 * filter; `id` itself may be outside the kept range. Undefined at the end.
	 */
	step(id: number, direction: 1 | -1, filter: CameraFilter): number | undefined {
		const {firstId, lastId} = this;
		let next = direction === 1 ? Math.max(id + 1, firstId) : Math.min(id - 1, lastId);
		while (next >= firstId && next <= lastId) {
			if (filter === undefined || this.cameras[next % this.capacity] === filter) return next;
			next += direction;
		}

		return undefined;
	}

	/** The line `count` passing lines away from `id` (which need not pass), or the last one there is in that direction. */
	stepMany(id: number, count: number, direction: 1 | -1, filter: CameraFilter): number | undefined {
		let at: number | undefined;
		let from = id;
		for (let moved = 0; moved < count; moved++) {
			const next = this.step(from, direction, filter);
			if (next === undefined) break;
			at = next;
			from = next;
		}

		return at;
	}

	/** How many kept lines after `id` pass the filter. */
	countAfter(id: number, filter: CameraFilter): number {
		if (filter === undefined) return Math.max(0, this.lastId - Math.max(id, this.firstId - 1));
		let count = 0;
		for (let next = this.step(id, 1, filter); next !== undefined; next = this.step(next, 1, filter)) count++;
		return count;
	}

	/**
	 * Search: the next line from `from` (exclusive) in `direction` that passes
	 * the filter and `matches`, wrapping around at either end (`wrapped` says
	 * so); `from` itself comes last. `from` may lie outside the kept range
	 * (lastId + 1: search from the newest line back).
	 */
	find(from: number, direction: 1 | -1, filter: CameraFilter, matches: (id: number) => boolean): {id: number; wrapped: boolean} | undefined {
		const {firstId, lastId, size} = this;
		let id = Math.min(Math.max(from, firstId - 1), lastId + 1);
		let wrapped = false;
		for (let looked = 0; looked < size; looked++) {
			id += direction;
			if (id > lastId) {
				id = firstId;
				wrapped = from <= lastId;
			} else if (id < firstId) {
				id = lastId;
				wrapped = from >= firstId;
			}

			if (this.passes(id, filter) && matches(id)) return {id, wrapped};
		}

		return undefined;
	}
}
