import {Worker} from 'node:worker_threads';
import {letWorkersCollect} from '../worker-memory.js';
import {compiledWorkerUrl} from '../worker-url.js';
import type {CheckAnswer, CheckRequest} from './jpeg-check-worker.js';
import type {JpegVerdict} from './strict-jpeg.js';

const WORKER_URL = compiledWorkerUrl('jpeg/jpeg-check-worker.js');
/** A camera JPEG takes milliseconds; this bounds a hostile one (on a slow Pi too). */
const DEFAULT_TIME_LIMIT_MS = 5000;

interface Waiting {
	resolve: (verdict: JpegVerdict) => void;
	data: Uint8Array;
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
	private readonly idleWaiters: Array<() => void> = [];
	/** Runs for the check the worker is on now: time in the queue does not count. */
	private timer?: NodeJS.Timeout;

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
			this.send(worker, id, data);
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
		letWorkersCollect();
		const worker = new Worker(WORKER_URL, {resourceLimits: {maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2}});
		worker.unref();
		worker.on('message', ({id, verdict}: CheckAnswer) => this.answer(id, verdict));
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
		for (const [id, {data}] of this.waiting) this.send(fresh, id, data);
	}

	private send(worker: Worker, id: number, data: Uint8Array): void {
		worker.ref();
		worker.postMessage({id, data} satisfies CheckRequest);
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
		clearTimeout(this.timer);
		this.timer = undefined;
		request.resolve(verdict);
		if (this.waiting.size > 0) {
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
