import {open} from 'node:fs/promises';
import type {Readable} from 'node:stream';
import {FatalError} from './fatal-error.js';
import type {Monitor} from './monitor.js';

/** Replay pauses reading while this many image bytes wait for the disk. */
const MAX_PENDING_WRITE_BYTES = 32 * 1024 * 1024;

/**
 * Plays a recorded stream (a file, or `-` for stdin) through the monitor as
 * fast as it can be read. Resolves at the end of input or when `signal` aborts.
 */
export async function replay(source: string, monitor: Monitor, signal: AbortSignal): Promise<void> {
	const stream = await openReplayStream(source);
	const onAbort = () => stream.destroy();
	signal.addEventListener('abort', onAbort, {once: true});
	try {
		for await (const chunk of stream) {
			monitor.push(chunk as Buffer);
			monitor.tick();
			if (monitor.store.pendingBytes > MAX_PENDING_WRITE_BYTES) await monitor.store.idle();
		}
	} catch (error) {
		if (!signal.aborted) throw new FatalError(`cannot read replay file ${source}: ${(error as Error).message}`);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

async function openReplayStream(source: string): Promise<Readable> {
	if (source === '-') return process.stdin;
	try {
		const handle = await open(source, 'r');
		const info = await handle.stat();
		if (info.isDirectory()) {
			await handle.close();
			throw new FatalError(`cannot read replay file ${source}: it is a folder`);
		}

		return handle.createReadStream({highWaterMark: 256 * 1024});
	} catch (error) {
		if (error instanceof FatalError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
		throw new FatalError(`cannot read replay file ${source}: ${why}`);
	}
}
