import {readdir, stat, unlink} from 'node:fs/promises';
import path from 'node:path';

/**
 * A temporary file of ours (see temporaryPath in atomic-file.ts): the hidden
 * name of an image or of the start-up write check, then the writer's pid and
 * a counter. Nothing else is ever matched.
 */
const TEMPORARY_NAME = /^\.(?:[\da-f]{12}_\d{8}_\d{6}_\d{6}(?:_[a-z][a-z-]*)?\.jpg|write-check)\.(\d+)-\d+\.partial$/;

/** A write takes milliseconds: a temporary file this old belongs to no write under way (a pid can be reused after a power loss). */
const STALE_AFTER_MS = 60_000;

/**
 * Removes the temporary files a killed run (SIGKILL, power loss) left in
 * `folder`; returns how many. Files of a run still alive (another monitor on
 * the same folder) are left alone while they are fresh.
 */
export async function removeLeftoverTemporaries(folder: string, now = Date.now()): Promise<number> {
	let names: string[];
	try {
		names = await readdir(folder);
	} catch {
		return 0;
	}

	let removed = 0;
	for (const name of names) {
		const match = TEMPORARY_NAME.exec(name);
		if (!match) continue;
		const file = path.join(folder, name);
		try {
			const info = await stat(file);
			if (!info.isFile()) continue;
			if (isOtherLiveProcess(Number(match[1])) && now - info.mtimeMs < STALE_AFTER_MS) continue;
			await unlink(file);
			removed++;
		} catch {
			// Gone already, or not ours to remove: leave it.
		}
	}

	return removed;
}

function isOtherLiveProcess(pid: number): boolean {
	if (pid === process.pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
