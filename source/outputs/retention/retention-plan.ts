import {IMAGE_FOLDERS} from '../../io/store/output-layout.js';
import type {StoredImage} from './image-inventory.js';
import type {RetentionSettings} from './retention-settings.js';
import {sortInSteps} from './sort-in-steps.js';

export interface RetentionPlan {
	/** In the order they go: incomplete before unverified before good, each oldest first. */
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
	const tooOld: StoredImage[] = [];
	const young: StoredImage[] = [];
	let total = 0;
	for (const image of images) {
		if (image.mtimeMs < cutoff) {
			tooOld.push(image);
		} else {
			young.push(image);
			total += image.bytes;
		}
	}

	const remove = await inGiveUpOrder(tooOld);
	if (settings.maxBytes === undefined || total <= settings.maxBytes) return {remove, keep: young};
	const keep = await inGiveUpOrder(young);
	let given = 0;
	while (given < keep.length && total > settings.maxBytes) total -= keep[given++]!.bytes;
	return {remove: remove.concat(keep.slice(0, given)), keep: keep.slice(given)};
}

async function inGiveUpOrder(images: readonly StoredImage[]): Promise<StoredImage[]> {
	const keys = new Float64Array(images.length);
	for (const [index, image] of images.entries()) keys[index] = GIVE_UP_ORDER.get(image.folder)! * FOLDER_WEIGHT + image.mtimeMs;
	return [...(await sortInSteps(keys))].map(index => images[index]!);
}
