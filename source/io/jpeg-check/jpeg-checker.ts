import {Worker} from 'node:worker_threads';
import {SharedByteRing, type RingSlot} from '../../runtime/shared-byte-ring.js';
import {compiledWorkerUrl} from '../../runtime/worker-url.js';
import type {CheckAnswer, CheckRequest} from './jpeg-check-worker.js';
import type {JpegVerdict} from '../../core/jpeg/strict-jpeg.js';

const WORKER_URL = compiledWorkerUrl('io/jpeg-check/jpeg-check-worker.js');
/** A camera JPEG takes milliseconds; this bounds a hostile one (on a slow Pi too). */
const DEFAULT_TIME_LIMIT_MS = 5000;
/** Images in the checker's hands are at most this many bytes (larger ones are copied one by one). */
const RING_BYTES = 1024 * 1024;

interface Waiting {
	resolve: (verdict: JpegVerdict) => void;
	data: Uint8Array;
	/** Where the worker reads it; unset until there is room in the ring. */
	slot?: RingSlot;
}

/**
 * Strict JPEG checks (strict-jpeg.ts) in a worker thread, each bounded in
 * time: a check that takes too long ends the worker and counts as a failed
 * decode. Never rejects.
 */
export class JpegChecker {
	private worker?: Worker;
	private nextId = 1;
	/** In the order the worker answers them (a Map keeps insertion order). */
	private readonly waiting = new Map<number, Waiting>();
	private waitingBytes = 0;
	private readonly idleWaiters: (() => void)[] = [];
	/** Runs for the check the worker is on now: time in the queue does not count. */
	private timer?: NodeJS.Timeout;
	private readonly ring = new SharedByteRing(RING_BYTES);
	/** Ids of waiting checks not yet sent to the worker, in order. */
	private unsent: number[] = [];

	constructor(private readonly timeLimitMs = DEFAULT_TIME_LIMIT_MS) {}

	/** Image bytes handed over and not yet judged (for back-pressure). */
	get pendingBytes(): number {
		return this.waitingBytes;
	}

	check(data: Uint8Array): Promise<JpegVerdict> {
		const worker = this.start();
		const id = this.nextId++;
		return new Promise(resolve => {
			this.waiting.set(id, {resolve, data});
			this.waitingBytes += data.length;
			this.unsent.push(id);
			this.sendWhatFits(worker);
		});
	}

	get pendingChecks(): number {
		return this.waiting.size;
	}

	/** Resolves when no check is waiting. */
	async idle(): Promise<void> {
		if (this.waiting.size === 0) return;
		await new Promise<void>(resolve => {
			this.idleWaiters.push(resolve);
		});
	}

	async close(): Promise<void> {
		const worker = this.worker;
		this.worker = undefined;
		this.answerAll('the program is stopping');
		await worker?.terminate();
	}

	private start(): Worker {
		if (this.worker) return this.worker;
		const worker = new Worker(WORKER_URL, {workerData: this.ring.buffer, resourceLimits: {maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2}});
		worker.unref();
		worker.on('message', ({id, verdict}: CheckAnswer) => {
			// A worker ended for taking too long may still answer; its ring slots may hold other images by now.
			if (this.worker === worker) this.answer(id, verdict);
		});
		worker.on('error', error => {
			if (this.worker === worker) this.restart(`the checker failed: ${error.message}`);
		});
		worker.on('exit', () => {
			if (this.worker === worker) this.restart('the checker stopped');
		});
		this.worker = worker;
		return worker;
	}

	/** Ends the worker: the check it was on counts as not decoded; the rest go to a new one. */
	private restart(why: string): void {
		const worker = this.worker;
		this.worker = undefined;
		void worker?.terminate();
		const current = this.waiting.keys().next();
		if (!current.done) this.answer(current.value, {ok: false, why});
		if (this.waiting.size === 0) return;
		const fresh = this.start();
		this.unsent = [...this.waiting.keys()];
		this.sendWhatFits(fresh);
	}

	/** Sends the waiting checks in order, each as soon as the ring has room for it. */
	private sendWhatFits(worker: Worker): void {
		let sent = 0;
		for (const id of this.unsent) {
			const request = this.waiting.get(id);
			if (request && this.ring.canHold(request.data.length)) {
				request.slot ??= this.ring.put(request.data);
				if (!request.slot) break;
				worker.postMessage({id, slot: request.slot} satisfies CheckRequest);
			} else if (request) {
				worker.postMessage({id, data: request.data} satisfies CheckRequest);
			}

			sent++;
		}

		if (sent === 0) return;
		this.unsent.splice(0, sent);
		worker.ref();
		this.armTimer();
	}

	private answerAll(why: string): void {
		for (const id of [...this.waiting.keys()]) this.answer(id, {ok: false, why});
	}

	private answer(id: number, verdict: JpegVerdict): void {
		const request = this.waiting.get(id);
		if (!request) return;
		this.waiting.delete(id);
		this.waitingBytes -= request.data.length;
		if (request.slot) this.ring.releaseOldest();
		clearTimeout(this.timer);
		this.timer = undefined;
		request.resolve(verdict);
		if (this.waiting.size > 0) {
			if (this.worker) this.sendWhatFits(this.worker);
			this.armTimer();
			return;
		}

		this.worker?.unref();
		for (const wake of this.idleWaiters.splice(0)) wake();
	}

	private armTimer(): void {
		this.timer ??= setTimeout(() => {
			this.timer = undefined;
			this.restart(`decoding took longer than ${this.timeLimitMs / 1000} s`);
		}, this.timeLimitMs);
	}
}
