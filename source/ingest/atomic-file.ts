import {randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {access, link, rename, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';

/** Errors that mean the file system cannot make hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK']);

/**
 * Writes `data` to `target` so that no reader ever sees half a file and an
 * existing file is never replaced: the bytes go to a hidden temporary file
 * first, which is then hard-linked to the final name (link fails if the name
 * exists). Throws an error with code EEXIST when the name is taken.
 */
export async function writeFileExclusive(target: string, data: Uint8Array): Promise<void> {
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`);
	await writeFile(temporary, data, {flag: 'wx'});
	try {
		try {
			await link(temporary, target);
		} catch (error) {
			if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
			// Some file systems (FAT on a USB stick, some network shares) have no hard
			// links: check then rename, which leaves a tiny race but never a half file.
			if (await exists(target)) throw Object.assign(new Error(`${target} exists`), {code: 'EEXIST'});
			await rename(temporary, target);
			return;
		}
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}

	await unlink(temporary).catch(() => undefined);
}

async function exists(file: string): Promise<boolean> {
	try {
		await access(file, constants.F_OK);
		return true;
	} catch {
		return false;
	}
}
