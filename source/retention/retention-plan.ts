import type {RetentionSettings} from './retention-settings.js';
import {IMAGE_FOLDERS, type StoredImage} from './image-inventory.js';

export interface RetentionPlan {
	remove: StoredImage[];
	keep: StoredImage[];
}

const GIVE_UP_ORDER = new Map(IMAGE_FOLDERS.map(({folder}, index) => [folder, index]));

/**
 * Which images go: every one older than the age limit, then, while the rest
 * take more than the size limit, the oldest incomplete ones, then the oldest
 * unverified ones (kept apart), then the oldest good ones.
 */
export function planRetention(images: readonly StoredImage[], settings: RetentionSettings, now: number): RetentionPlan {
	const cutoff = settings.maxAgeMs === undefined ? Number.NEGATIVE_INFINITY : now - settings.maxAgeMs;
	const remove: StoredImage[] = [];
	let keep: StoredImage[] = [];
	for (const image of images) (image.mtimeMs < cutoff ? remove : keep).push(image);
	if (settings.maxBytes === undefined) return {remove, keep};
	let total = keep.reduce((sum, image) => sum + image.bytes, 0);
	if (total <= settings.maxBytes) return {remove, keep};
	keep.sort((a, b) => GIVE_UP_ORDER.get(a.folder)! - GIVE_UP_ORDER.get(b.folder)! || a.mtimeMs - b.mtimeMs || (a.path < b.path ? -1 : 1));
	let given = 0;
	while (given < keep.length && total > settings.maxBytes) {
		total -= keep[given]!.bytes;
		remove.push(keep[given]!);
		given++;
	}

	keep = keep.slice(given);
	return {remove, keep};
}
