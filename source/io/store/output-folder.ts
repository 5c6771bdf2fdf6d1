import {open, unlink} from 'node:fs/promises';
import path from 'node:path';
import {temporaryPath} from './atomic-file.js';
import {describeFsError} from './fs-errors.js';
import {removeLeftoverTemporaries} from './leftover-temporaries.js';
import {makeFolder} from './make-folder.js';

/** An output folder that cannot be used at all (startup check). */
export class OutputFolderError extends Error {}

/** Errors that may pass (space freed, a disk back): at start they are reported, not fatal. */
const TRANSIENT_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EAGAIN', 'EBUSY', 'EINTR', 'EMFILE', 'ENFILE', 'ENOMEM']);

/**
 * Makes the folders, removes the temporary files a killed run left there and
 * checks that files can be written; resolves to how many files it removed.
 * Throws OutputFolderError naming the path when a folder can never be used
 * (a file in the way, read-only, no permission, `/proc`); an error that may
 * pass (a full disk) only goes to `onTransientError`.
 */
export async function prepareOutputFolders(folders: string[], onTransientError: (folder: string, error: NodeJS.ErrnoException) => void): Promise<number> {
	let removed = 0;
	for (const folder of folders) {
		try {
			await makeFolder(folder);
			removed += await removeLeftoverTemporaries(folder);
			await checkWritable(folder);
		} catch (error) {
			const {code, message} = error as NodeJS.ErrnoException;
			if (TRANSIENT_ERRORS.has(code ?? '')) {
				onTransientError(folder, error as NodeJS.ErrnoException);
				continue;
			}

			// ENOENT here: not even the parent folder lets a folder be made (`/proc/x`).
			const why = code === 'ENOENT' ? 'a folder cannot be made there' : describeFsError(code, message);
			throw new OutputFolderError(`cannot use output folder ${folder}: ${why}`);
		}
	}

	return removed;
}

/** Creates and removes an empty temporary file: a read-only or forbidden folder fails here, at start. */
async function checkWritable(folder: string): Promise<void> {
	const probe = temporaryPath(path.join(folder, 'write-check'));
	await (await open(probe, 'wx')).close();
	await unlink(probe);
}
