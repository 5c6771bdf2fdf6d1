import {execFileSync} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after} from 'node:test';

export interface SmallDisk {
	/** The mount point. */
	dir: string;
	/** Takes all the free space (a filler file), so that the next write fails with ENOSPC. */
	fill(): void;
	/** Gives the filler's space back. */
	free(): void;
	/** Remounts it read-only (EROFS for every write). */
	readOnly(): void;
}

/**
 * A real, small tmpfs (default 1 MiB), unmounted when the test file ends.
 * Needs root (CI runs as root): when it cannot mount, the test fails loudly.
 */
export function smallDisk(sizeBytes = 1024 * 1024): SmallDisk {
	const dir = mkdtempSync(path.join(tmpdir(), 'esp-cam-disk-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], {stdio: 'pipe'});
	} catch (error) {
		throw new Error(`these tests need a small tmpfs and could not mount one (run as root): ${(error as Error).message}`);
	}

	after(() => {
		execFileSync('umount', ['-l', dir]);
		rmSync(dir, {recursive: true, force: true});
	});
	const filler = path.join(dir, 'filler');
	return {
		dir,
		fill() {
			const fd = openSync(filler, 'a');
			const block = Buffer.alloc(4096, 0xee);
			try {
				for (;;) writeSync(fd, block);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
			} finally {
				closeSync(fd);
			}
		},
		free() {
			rmSync(filler, {force: true});
		},
		readOnly() {
			execFileSync('mount', ['-o', 'remount,ro', dir]);
		},
	};
}
