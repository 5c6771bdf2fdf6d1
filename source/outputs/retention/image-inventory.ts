import type {Dirent, Stats} from 'node:fs';
import {lstat, opendir} from 'node:fs/promises';
import path from 'node:path';
import {IMAGE_FOLDERS, parseImageName, subfolderOf, type ImageFolder} from '../../io/store/output-layout.js';

/** An image file of ours in the output folder. */
export interface StoredImage {
	folder: ImageFolder;
	/** The file name (its path: imagePath); a folder of months holds many, so not the whole path. */
	name: string;
	/** What it takes on disk (its blocks), which --max-disk counts. */
	bytes: number;
	/** The file's modification time: when it was written. */
	mtimeMs: number;
}

/**
 * Every file in `<out>/`, `incomplete/` and `unverified/` named as ImageStore
 * names images (see output-layout.ts). Nothing else is listed: not volt.log, not
 * record files, not the hidden temporaries of writes under way, not files a
 * person put there, not links or folders. Async throughout, one entry at a
 * time, so receiving goes on while a large folder is read.
 */
export async function listImages(outDir: string, stopped: () => boolean): Promise<StoredImage[]> {
	const images: StoredImage[] = [];
	for (const {folder, subfolder} of IMAGE_FOLDERS) {
		const dir = path.join(outDir, subfolder);
		for await (const entry of entries(dir)) {
			if (stopped()) return images;
			if (!entry.isFile() || !parseImageName(entry.name, folder)) continue;
			const stats = await lstat(path.join(dir, entry.name)).catch(() => undefined);
			// Gone since the listing (a person, or another sweep): nothing to keep or remove.
			if (stats?.isFile()) images.push({folder, name: entry.name, bytes: diskBytes(stats), mtimeMs: stats.mtimeMs});
		}
	}

	return images;
}

export function imagePath(outDir: string, image: StoredImage): string {
	return path.join(outDir, subfolderOf(image.folder), image.name);
}

/** A folder's entries; none when it does not exist (yet), or cannot be read. */
async function* entries(dir: string): AsyncGenerator<Dirent> {
	const handle = await opendir(dir).catch(() => undefined);
	if (!handle) return;
	yield* handle;
}

/** What a file takes on disk, as du counts it: its blocks (512 bytes each, whatever the file system's), not its size. */
function diskBytes(stats: Stats): number {
	return stats.blocks * 512;
}
