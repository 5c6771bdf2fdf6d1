import {closeSync, existsSync, fdatasyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync} from 'node:fs';
import path from 'node:path';

/** Errors that mean the file system cannot make hard links. */
export const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK']);

let temporaryCounter = 0;

/**
 * The hidden temporary name a write of `target` goes through:
 * `.<name>.<pid>-<n>.partial` beside it. leftover-temporaries.ts recognises
 * exactly this form.
 */
export function temporaryPath(target: string): string {
	return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${temporaryCounter++}.partial`);
}

/**
 * Writes `data` to `target` so that no reader ever sees half a file and an
 * existing file is never replaced: the bytes go to a hidden temporary file
 * first, which is then hard-linked to the final name (link fails if the name
 * exists). Throws an error with code EEXIST when the name is taken. Whatever
 * fails (a full disk most often), the temporary file is removed.
 * `durable`: the bytes reach the disk before the file gets its name, so a
 * power cut (a Pi's usual end) never leaves an empty or partial image under
 * a good name. Synchronous: it runs in the file writer's worker thread.
 */
export function writeFileExclusiveSync(target: string, data: Uint8Array, durable = false): void {
	const temporary = temporaryPath(target);
	const fd = openSync(temporary, 'wx');
	try {
		try {
			for (let offset = 0; offset < data.length;) offset += writeSync(fd, data, offset);
			if (durable) fdatasyncSync(fd);
		} finally {
			closeSync(fd);
		}

		publish(temporary, target);
	} catch (error) {
		try {
			unlinkSync(temporary);
		} catch {
			// Never made, or already gone: nothing to clean up.
		}

		throw error;
	}
}

/** Gives the finished temporary file its final name; the temporary name is gone afterwards. */
function publish(temporary: string, target: string): void {
	try {
		linkSync(temporary, target);
	} catch (error) {
		if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
		// Some file systems (FAT on a USB stick, some network shares) have no hard
		// links: check then rename, which leaves a tiny race but never a half file.
		if (existsSync(target)) throw Object.assign(new Error(`${target} exists`), {code: 'EEXIST'});
		renameSync(temporary, target);
		return;
	}

	try {
		unlinkSync(temporary);
	} catch {
		// The image is saved under its name; a stray temporary file is removed at the next start.
	}
}
