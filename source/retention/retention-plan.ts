import {IMAGE_FOLDERS, type StoredImage} from './image-inventory.js';
import type {RetentionSettings} from './retention-settings.js';
import {sortInSteps} from './sort-in-steps.js';

export interface RetentionPlan {
	/** In the order they go: oldest incomplete first. */
	remove: StoredImage[];
	keep: StoredImage[];
}

const GIVE_UP_ORDER = new Map(IMAGE_FOLDERS.map(({folder}, index) => [folder, index]));
/** Apart by more than any file time (ms since 1970): the folder weighs more than the age. */
const FOLDER_WEIGHT = 1e14;

/**
 * Which images go: every one older than the age limit, then, while the rest
 * take more than the size limit, the oldest incomplete ones, then the oldest
 * unverified ones (kept apart), then the oldest good ones.
 */
export async function planRetention(images: readonly StoredImage[], settings: RetentionSettings, now: number): Promise<RetentionPlan> {
	const cutoff = settings.maxAgeMs === undefined ? Number.NEGATIVE_INFINITY : now - settings.maxAgeMs;
	const remove: StoredImage[] = [];
	const keep: StoredImage[] = [];
	let total = 0;
	for (const image of images) {
		if (image.mtimeMs < cutoff) {
			remove.push(image);
		} else {
			keep.push(image);
			total += image.bytes;
		}
	}

	if (settings.maxBytes === undefined || total <= settings.maxBytes) return {remove, keep};
	const keys = new Float64Array(keep.length);
	for (const [index, image] of keep.entries()) keys[index] = GIVE_UP_ORDER.get(image.folder)! * FOLDER_WEIGHT + image.mtimeMs;
	const order = await sortInSteps(keys);
	let given = 0;
	while (given < order.length && total > settings.maxBytes) {
		const image = keep[order[given++]!]!;
		total -= image.bytes;
		remove.push(image);
	}

	return {remove, keep: [...order.subarray(given)].map(index => keep[index]!)};
}
