import {existsSync, linkSync, renameSync, unlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/** Errors that mean the file system cannot make hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK']);

let temporaryCounter = 0;

/**
 * Writes `data` to `target` so that no reader ever sees half a file and an
 * existing file is never replaced: the bytes go to a hidden temporary file
 * first, which is then hard-linked to the final name (link fails if the name
 * exists). Throws an error with code EEXIST when the name is taken.
 * Synchronous: it runs in the file writer's worker thread.
 */
export function writeFileExclusiveSync(target: string, data: Uint8Array): void {
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${temporaryCounter++}.partial`);
	writeFileSync(temporary, data, {flag: 'wx'});
	try {
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
	} catch (error) {
		try {
			unlinkSync(temporary);
		} catch {}

		throw error;
	}

	unlinkSync(temporary);
}
