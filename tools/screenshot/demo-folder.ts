import {readdirSync} from 'node:fs';
import path from 'node:path';
import {type ImageFolder, parseImageName} from '../../source/io/store/output-layout.js';

export interface NewestImage {
	mac: number;
	name: string;
	/** Saved among the good images (an incomplete one may not draw). */
	good: boolean;
}

/** The cameras that have saved a good image in the demo's output folder. */
export function camerasWithGoodImages(out: string): number[] {
	return [...new Set(images(out, 'good').map(image => image.mac))];
}

/** Each camera's newest image, good or incomplete, in the dashboard's order (by MAC). */
export function newestImages(out: string): NewestImage[] {
	const newest = new Map<number, NewestImage & {order: number}>();
	for (const image of [...images(out, 'good'), ...images(out, 'incomplete')]) {
		const order = image.at;
		const known = newest.get(image.mac);
		if (!known || order > known.order) newest.set(image.mac, {mac: image.mac, name: image.name, good: image.folder === 'good', order});
	}

	return [...newest.values()].sort((a, b) => a.mac - b.mac).map(({mac, name, good}) => ({mac, name, good}));
}

function images(out: string, folder: ImageFolder) {
	const directory = folder === 'good' ? out : path.join(out, folder);
	let names: string[];
	try {
		names = readdirSync(directory);
	} catch {
		return []; // incomplete/ is made with the first incomplete image
	}

	return names.flatMap(name => {
		const parsed = parseImageName(name, folder);
		return parsed ? [{...parsed, name, folder}] : [];
	});
}
