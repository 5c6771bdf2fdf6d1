import {readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {IMAGE_FOLDERS} from '../io/store/output-layout.js';
import type {RunSettings} from './run-settings.js';

/**
 * Where the images are, said at exit. The demo's own temporary folder is
 * removed when it holds no image (a volt.log alone is not worth keeping),
 * else kept, and the line says which. Synchronous: it also runs when the
 * shutdown deadline ends the process.
 */
export function settleOutputFolder(settings: Pick<RunSettings, 'out' | 'temporaryOut'>): string {
	const {out} = settings;
	if (!settings.temporaryOut) return `images: ${out}`;
	let images = 0;
	for (const {subfolder} of IMAGE_FOLDERS) images += countImages(path.join(out, subfolder));
	if (images > 0) return `images: ${images} in ${out} (a temporary folder, kept: remove it when done)`;
	try {
		rmSync(out, {recursive: true, force: true});
		return `images: none; removed the temporary folder ${out}`;
	} catch {
		return `images: none in the temporary folder ${out}`;
	}
}

function countImages(folder: string): number {
	try {
		return readdirSync(folder).filter(name => name.endsWith('.jpg')).length;
	} catch {
		return 0;
	}
}
