import {mkdir, stat} from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p`, without Node's `recursive: true`: that one spins forever, at
 * full CPU, where the kernel answers ENOENT for a folder whose parent exists
 * (`/proc/x`). Here each level is made at most twice, so it always ends.
 * Throws the file system's error (EEXIST when a file is in the way).
 */
export async function makeFolder(folder: string): Promise<void> {
	try {
		await mkdir(folder);
		return;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return assertFolder(folder, error);
		const parent = path.dirname(folder);
		if (code !== 'ENOENT' || parent === folder) throw error;
		await makeFolder(parent);
	}

	try {
		await mkdir(folder);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return assertFolder(folder, error);
		throw error;
	}
}

async function assertFolder(folder: string, existsError: unknown): Promise<void> {
	if (!(await stat(folder)).isDirectory()) throw existsError;
}
