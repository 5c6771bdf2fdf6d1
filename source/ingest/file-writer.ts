import {Worker} from 'node:worker_threads';
import {letWorkersCollect} from '../worker-memory.js';
import {compiledWorkerUrl} from '../worker-url.js';
import type {WriteAnswer, WriteRequest} from './file-writer-worker.js';

const WORKER_URL = compiledWorkerUrl('ingest/file-writer-worker.js');

interface Pending {
	resolve: () => void;
	reject: (error: Error) => void;
}

interface Thread {
	worker: Worker;
	waiting: Map<number, Pending>;
	/** Requests of this turn of the event loop, sent together. */
	batch: WriteRequest[];
}

/**
 * Atomic, no-clobber file writes (see atomic-file.ts) done by worker
 * threads: the main thread, which reads the serial port, never waits on the
 * disk, and the writes of one event-loop turn travel in one message.
 */
export class FileWriter {
	private readonly threads: Thread[] = [];
	private nextId = 1;

	/** One thread by default: each costs ~9 MB of memory, and a second made replays no faster (measured). */
	constructor(private readonly threadCount = 1) {}

	/** Rejects with an Error carrying the file system's code (EEXIST when the name is taken). */
	write(path: string, data: Uint8Array): Promise<void> {
		const thread = this.leastBusy();
		const id = this.nextId++;
		return new Promise<void>((resolve, reject) => {
			thread.waiting.set(id, {resolve, reject});
			// Keep the process alive only while a write is under way.
			if (thread.waiting.size === 1) thread.worker.ref();
			thread.batch.push({id, path, data});
			if (thread.batch.length === 1) {
				queueMicrotask(() => {
					thread.worker.postMessage(thread.batch);
					thread.batch = [];
				});
			}
		});
	}

	async close(): Promise<void> {
		const threads = this.threads.splice(0);
		await Promise.all(threads.map(async thread => thread.worker.terminate()));
	}

	private leastBusy(): Thread {
		let best: Thread | undefined;
		for (const thread of this.threads) if (!best || thread.waiting.size < best.waiting.size) best = thread;
		if (best && (best.waiting.size === 0 || this.threads.length >= this.threadCount)) return best;
		return this.startThread();
	}

	private startThread(): Thread {
		letWorkersCollect();
		const worker = new Worker(WORKER_URL, {resourceLimits: {maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2}});
		const thread: Thread = {worker, waiting: new Map(), batch: []};
		worker.unref();
		worker.on('message', (answers: WriteAnswer[]) => {
			for (const {id, error} of answers) {
				const request = thread.waiting.get(id);
				if (!request) continue;
				thread.waiting.delete(id);
				if (error) request.reject(Object.assign(new Error(error.message), {code: error.code}));
				else request.resolve();
			}

			if (thread.waiting.size === 0) worker.unref();
		});
		const failAll = (error: Error) => {
			for (const request of thread.waiting.values()) request.reject(error);
			thread.waiting.clear();
			const index = this.threads.indexOf(thread);
			if (index !== -1) this.threads.splice(index, 1);
		};

		worker.on('error', failAll);
		worker.on('exit', () => failAll(new Error('file writer thread stopped')));
		this.threads.push(thread);
		return thread;
	}
}
