import {setImmediate as nextTurn} from 'node:timers/promises';

/** Merging this many entries is one step; then receiving gets its turn. */
const STEP = 16_384;

/**
 * The indices of `keys` in ascending key order (equal keys in index order): a
 * bottom-up merge sort that gives the event loop a turn between steps, so that
 * sorting the images of a folder of months never holds up receiving.
 */
export async function sortInSteps(keys: Float64Array): Promise<Uint32Array> {
	const count = keys.length;
	let from = new Uint32Array(count);
	let to = new Uint32Array(count);
	for (let index = 0; index < count; index++) from[index] = index;
	let sinceTurn = 0;
	for (let width = 1; width < count; width *= 2) {
		for (let start = 0; start < count; start += 2 * width) {
			const middle = Math.min(start + width, count);
			const end = Math.min(start + 2 * width, count);
			let left = start;
			let right = middle;
			for (let out = start; out < end; out++) {
				to[out] = left < middle && (right >= end || keys[from[left]!]! <= keys[from[right]!]!) ? from[left++]! : from[right++]!;
			}

			sinceTurn += end - start;
			if (sinceTurn >= STEP) {
				sinceTurn = 0;
				await nextTurn();
			}
		}

		[from, to] = [to, from];
	}

	return from;
}
