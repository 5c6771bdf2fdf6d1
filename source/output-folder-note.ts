import {readdir, rm} from 'node:fs/promises';
import path from 'node:path';
import type {MonitorSettings} from './run-headless.js';

/**
 * Where the images are, said at exit. The demo's own temporary folder is
 * removed when it holds no image (a volt.log alone is not worth keeping),
 * else kept, and the line says which.
 */
export async function settleOutputFolder(settings: Pick<MonitorSettings, 'out' | 'temporaryOut'>): Promise<string> {
	const {out} = settings;
	const images = (await countImages(out)) + (await countImages(path.join(out, 'incomplete')));
	if (!settings.temporaryOut) return `images: ${out}`;
	if (images === 0) {
		try {
			await rm(out, {recursive: true, force: true});
			return `images: none; removed the temporary folder ${out}`;
		} catch {
			return `images: none in the temporary folder ${out}`;
		}
	}

	return `images: ${images} in ${out} (a temporary folder, kept: remove it when done)`;
}

async function countImages(folder: string): Promise<number> {
	try {
		return (await readdir(folder)).filter(name => name.endsWith('.jpg')).length;
	} catch {
		return 0;
	}
}
