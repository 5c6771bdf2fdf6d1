import {open, type FileHandle} from 'node:fs/promises';
import {collectGarbage} from '../runtime/collect-garbage.js';
import {FatalError} from '../runtime/fatal-error.js';
import type {Pipeline} from './pipeline.js';

/** Replay pauses reading while this much waits for the disk or the JPEG check: memory stays bounded. */
const MAX_PENDING_BYTES = 2 * 1024 * 1024;
const MAX_PENDING_IMAGES = 256;
const READ_SIZE = 64 * 1024;
/**
 * Read at disk speed, thousands of finished images a second outrun V8's own
 * collections of what they leave behind by tens of megabytes (a serial port
 * never does): replay collects after every few megabytes read or every few
 * thousand images finished, whichever comes first (a few ms each).
 */
const COLLECT_EVERY_BYTES = 4 * 1024 * 1024;
const COLLECT_EVERY_IMAGES = 2000;

/**
 * Plays a recorded stream (a file, or `-` for stdin) through the monitor as
 * fast as it can be read. Resolves at the end of input or when `signal` aborts.
 */
export async function replay(source: string, pipeline: Pipeline, signal: AbortSignal): Promise<void> {
	const input = source === '-' ? undefined : await openReplayFile(source);
	let readSinceCollection = 0;
	let imagesAtCollection = 0;
	// A pipe whose writer stays (ssh … cat | esp-cam-monitor --replay -) may send nothing more: a stop must not wait for it.
	const endStdin = () => process.stdin.destroy();
	if (!input) signal.addEventListener('abort', endStdin, {once: true});
	try {
		for await (const chunk of input ? fileChunks(input) : (process.stdin as AsyncIterable<Buffer>)) {
			if (signal.aborted) break;
			pipeline.push(chunk);
			pipeline.tick();
			if (pipeline.pendingBytes > MAX_PENDING_BYTES || pipeline.pendingImages > MAX_PENDING_IMAGES) await pipeline.drained();
			readSinceCollection += chunk.length;
			const {imagesGood, imagesIncomplete} = pipeline.totals();
			if (readSinceCollection >= COLLECT_EVERY_BYTES || imagesGood + imagesIncomplete - imagesAtCollection >= COLLECT_EVERY_IMAGES) {
				readSinceCollection = 0;
				imagesAtCollection = imagesGood + imagesIncomplete;
				collectGarbage();
			}
		}
	} catch (error) {
		if (!signal.aborted) throw new FatalError(`cannot read replay file ${source}: ${(error as Error).message}`);
	} finally {
		await input?.close();
		signal.removeEventListener('abort', endStdin);
		if (!input) process.stdin.destroy();
	}
}

/**
 * The file in pieces read into one buffer, used again for every read: the
 * decoder copies what it keeps, and a fresh buffer per read would leave
 * hundreds of megabytes for the garbage collector on a long replay.
 */
async function* fileChunks(handle: FileHandle): AsyncGenerator<Buffer> {
	const buffer = Buffer.allocUnsafeSlow(READ_SIZE);
	for (;;) {
		const {bytesRead} = await handle.read(buffer, 0, READ_SIZE, null);
		if (bytesRead === 0) return;
		yield buffer.subarray(0, bytesRead);
	}
}

async function openReplayFile(source: string): Promise<FileHandle> {
	try {
		const handle = await open(source, 'r');
		const info = await handle.stat();
		if (info.isDirectory()) {
			await handle.close();
			throw new FatalError(`cannot read replay file ${source}: it is a folder`);
		}

		return handle;
	} catch (error) {
		if (error instanceof FatalError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
		throw new FatalError(`cannot read replay file ${source}: ${why}`);
	}
}
