import {Worker} from 'node:worker_threads';
import {SharedByteRing} from '../../runtime/shared-byte-ring.js';
import {compiledWorkerUrl} from '../../runtime/worker-url.js';
import {writeFileExclusive} from './write-file-exclusive.js';
import type {WriteAnswer, WriteRequest, WriterThreadData} from './file-writer-worker.js';

const WORKER_URL = compiledWorkerUrl('io/store/file-writer-worker.js');
/** Bytes in a writer thread's hands at once (a larger file is copied to it on its own). */
const RING_BYTES = 1024 * 1024;
/**
 * Writes under way on libuv's thread pool before further ones go to a
 * worker thread: a live relay brings a few images a second, which never
 * start one (it costs ~9 MB); a replay does at once.
 */
const POOL_WRITES = 4;

interface Pending {
	resolve: () => void;
	reject: (error: Error) => void;
	inRing: boolean;
}

interface Held {
	id: number;
	path: string;
	data: Uint8Array;
}

interface Thread {
	worker: Worker;
	ring: SharedByteRing;
	waiting: Map<number, Pending>;
	/** Writes not yet sent: they go, in order, as the ring has room. */
	held: Held[];
	flushQueued: boolean;
}

/**
 * Atomic, no-clobber file writes (see atomic-file.ts), off the main thread,
 * which reads the serial port and never waits on the disk: each step on
 * libuv's thread pool while few are under way, else by worker threads, to
 * which the writes of one event-loop turn travel in one message (a replay
 * writes thousands of images a second: five thread hops each would be slower).
 */
export class FileWriter {
	private readonly threads: Thread[] = [];
	private readonly poolWrites = new Set<Promise<void>>();
	private poolTail: Promise<void> = Promise.resolve();
	private started = false;
	private nextId = 1;
	private readonly durable: boolean;
	private readonly threadCount: number;

	/**
	 * `durable`: each file's bytes are flushed to the disk before it is named
	 * (a few ms an image on an SD card, in the writer's thread).
	 * One thread by default: each costs ~9 MB of memory, and a second made replays no faster (measured).
	 */
	constructor(options: {durable?: boolean; threadCount?: number} = {}) {
		this.durable = options.durable ?? false;
		this.threadCount = options.threadCount ?? 1;
	}

	/** Rejects with an Error carrying the file system's code (EEXIST when the name is taken). Settles in the order asked. */
	write(path: string, data: Uint8Array): Promise<void> {
		if (!this.started && this.poolWrites.size < POOL_WRITES) return this.writeOnPool(path, data);
		this.started = true;
		const written = this.writeOnThread(path, data);
		return this.poolWrites.size === 0 ? written : this.after(this.poolTail, written);
	}

	async close(): Promise<void> {
		await Promise.allSettled(this.poolWrites);
		const threads = this.threads.splice(0);
		await Promise.all(threads.map(async thread => thread.worker.terminate()));
	}

	/** The steps of writes on the pool run side by side; each settles after the one asked before it (as the thread answers). */
	private writeOnPool(path: string, data: Uint8Array): Promise<void> {
		const writing = this.after(this.poolTail, writeFileExclusive(path, data, this.durable));
		this.poolWrites.add(writing);
		this.poolTail = writing;
		const forget = () => this.poolWrites.delete(writing);
		writing.then(forget, forget);
		return writing;
	}

	/** `promise`'s outcome, once `earlier` has settled too. */
	private async after(earlier: Promise<void>, promise: Promise<void>): Promise<void> {
		await Promise.allSettled([earlier, promise]);
		return promise;
	}

	private writeOnThread(path: string, data: Uint8Array): Promise<void> {
		const thread = this.leastBusy();
		const id = this.nextId++;
		return new Promise<void>((resolve, reject) => {
			thread.waiting.set(id, {resolve, reject, inRing: false});
			// Keep the process alive only while a write is under way.
			if (thread.waiting.size === 1) thread.worker.ref();
			thread.held.push({id, path, data});
			if (!thread.flushQueued) {
				thread.flushQueued = true;
				queueMicrotask(() => this.flush(thread));
			}
		});
	}

	/** Sends the held writes that fit in the ring now, in one message. */
	private flush(thread: Thread): void {
		thread.flushQueued = false;
		const batch: WriteRequest[] = [];
		let taken = 0;
		for (const {id, path, data} of thread.held) {
			const pending = thread.waiting.get(id);
			if (pending && thread.ring.canHold(data.length)) {
				const slot = thread.ring.put(data);
				if (!slot) break;
				pending.inRing = true;
				batch.push({id, path, slot});
			} else if (pending) {
				batch.push({id, path, data});
			}

			taken++;
		}

		thread.held.splice(0, taken);
		if (batch.length > 0) thread.worker.postMessage(batch);
	}

	private leastBusy(): Thread {
		let best: Thread | undefined;
		for (const thread of this.threads) if (!best || thread.waiting.size < best.waiting.size) best = thread;
		if (best && (best.waiting.size === 0 || this.threads.length >= this.threadCount)) return best;
		return this.startThread();
	}

	private startThread(): Thread {
		const ring = new SharedByteRing(RING_BYTES);
		const worker = new Worker(WORKER_URL, {
			workerData: {ring: ring.buffer, durable: this.durable} satisfies WriterThreadData,
			resourceLimits: {maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2},
		});
		const thread: Thread = {worker, ring, waiting: new Map(), held: [], flushQueued: false};
		worker.unref();
		worker.on('message', (answers: WriteAnswer[]) => {
			for (const {id, error} of answers) {
				const request = thread.waiting.get(id);
				if (!request) continue;
				thread.waiting.delete(id);
				if (request.inRing) ring.releaseOldest();
				if (error) request.reject(Object.assign(new Error(error.message), {code: error.code}));
				else request.resolve();
			}

			if (thread.held.length > 0) this.flush(thread);
			if (thread.waiting.size === 0) worker.unref();
		});
		const failAll = (error: Error) => {
			for (const request of thread.waiting.values()) request.reject(error);
			thread.waiting.clear();
			thread.held = [];
			const index = this.threads.indexOf(thread);
			if (index !== -1) this.threads.splice(index, 1);
		};

		worker.on('error', failAll);
		worker.on('exit', () => failAll(new Error('file writer thread stopped')));
		this.threads.push(thread);
		return thread;
	}
}
