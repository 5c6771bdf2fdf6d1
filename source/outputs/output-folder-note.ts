import {readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
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
	const images = countImages(out) + countImages(path.join(out, 'incomplete'));
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
