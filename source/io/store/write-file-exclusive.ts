import {link, open, rename, stat, unlink} from 'node:fs/promises';
import {NO_HARD_LINKS, temporaryPath} from './atomic-file.js';

/**
 * writeFileExclusiveSync (atomic-file.ts), each step on libuv's thread
 * pool: for the odd image of a live relay, which is not worth a thread of
 * its own (see FileWriter).
 */
export async function writeFileExclusive(target: string, data: Uint8Array, durable = false): Promise<void> {
	const temporary = temporaryPath(target);
	const file = await open(temporary, 'wx');
	try {
		try {
			await file.writeFile(data);
			if (durable) await file.datasync();
		} finally {
			await file.close();
		}

		await publish(temporary, target);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}
}

async function publish(temporary: string, target: string): Promise<void> {
	try {
		await link(temporary, target);
	} catch (error) {
		if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
		const taken = await stat(target).then(
			() => true,
			() => false,
		);
		if (taken) throw Object.assign(new Error(`${target} exists`), {code: 'EEXIST'});
		await rename(temporary, target);
		return;
	}

	await unlink(temporary).catch(() => undefined);
}
