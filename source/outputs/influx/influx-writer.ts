import {Backoff} from '../backoff.js';
import {BoundedQueue} from '../bounded-queue.js';
import type {SinkState} from '../../session/output-status.js';
import type {InfluxEndpoint} from './influx-endpoint.js';
import {outcomeOfError, outcomeOfResponse, type WriteOutcome} from './write-outcome.js';

const DROPS_REPORTED_EVERY_MS = 60_000;
/** Of an error answer only its start is read: a proxy may send a page of any size, or one that never ends. */
const MAX_ERROR_BODY_BYTES = 4096;

export interface InfluxWriterOptions {
	/** Points held while the server cannot take them; beyond it the oldest are dropped (and counted). */
	bufferPoints: number;
	/** A batch goes out this often… */
	flushEveryMs?: number;
	/** …or as soon as this many points wait. */
	batchPoints?: number;
	/** At most this many points in one request (InfluxDB's advice: 5000). */
	maxRequestPoints?: number;
	timeoutMs?: number;
	/** The wait between tries while failed (wrong credentials, no database): it may be fixed on the server meanwhile. */
	failedRetryMs?: number;
	backoff?: Backoff;
	/** More drops alone are told at most this often (on the monotonic clock: a stepped wall clock must not mute them). */
	dropsReportedEveryMs?: number;
	/** Told of every change of state or detail. */
	onChange: () => void;
}

/**
 * Sends line-protocol points to InfluxDB in batches, one request at a time,
 * from a bounded queue: push() only queues and never waits, so a slow or
 * absent server never slows receiving. A batch that fails is put back and
 * tried again after a backoff; while it waits, new points queue, and once the
 * queue is full the oldest are dropped and counted.
 */
export class InfluxWriter {
	state: SinkState = 'connecting';
	detail?: string;
	private readonly queue: BoundedQueue<string>;
	/** Points the server refused (bad data): given up like the dropped ones. */
	private refused = 0;
	private readonly flushEveryMs: number;
	private readonly batchPoints: number;
	private readonly maxRequestPoints: number;
	private readonly timeoutMs: number;
	private readonly failedRetryMs: number;
	private readonly backoff: Backoff;
	private flushTimer?: NodeJS.Timeout;
	private retryTimer?: NodeJS.Timeout;
	private sending?: Promise<void>;
	/** Aborts the request in flight when closing takes too long. */
	private readonly closing = new AbortController();
	private closed = false;
	/** Points still queued when the run ended: they stay counted as queued (the summary's "never sent"). */
	private unsentAtClose = 0;
	/** Points of the request under way: taken from the queue, still waiting for an answer. */
	private inFlight = 0;
	private reportedDropped = 0;
	private reportedAt = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly endpoint: InfluxEndpoint,
		private readonly options: InfluxWriterOptions,
	) {
		this.queue = new BoundedQueue<string>(options.bufferPoints);
		this.flushEveryMs = options.flushEveryMs ?? 1000;
		// A small buffer is sent before it fills, not only once a second.
		this.batchPoints = Math.max(1, Math.min(options.batchPoints ?? 500, Math.floor(options.bufferPoints / 2)));
		this.maxRequestPoints = options.maxRequestPoints ?? 5000;
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.failedRetryMs = options.failedRetryMs ?? 60_000;
		this.backoff = options.backoff ?? new Backoff({initialMs: 1000, maxMs: 30_000});
	}

	get dropped(): number {
		return this.queue.dropped + this.refused;
	}

	get queued(): number {
		return this.queue.length + this.inFlight + this.unsentAtClose;
	}

	/** First contact: an empty write, which checks the credentials and that the database exists. */
	start(): void {
		this.flushTimer = setInterval(() => this.flushIfDue(), this.flushEveryMs);
		this.flushTimer.unref();
		this.send();
	}

	push(line: string): void {
		if (this.closed) return;
		this.queue.push(line);
		if (this.queue.length >= this.batchPoints) this.flushIfDue();
	}

	/** Sends what is queued, once, within `deadlineMs`; what is left then is lost (returned; `detail` still says why). */
	async close(deadlineMs: number): Promise<number> {
		this.closed = true;
		clearInterval(this.flushTimer);
		clearTimeout(this.retryTimer);
		const deadline = setTimeout(() => this.closing.abort(), deadlineMs);
		try {
			await this.sending;
			// One last try, also after failures: the server may be back, and trying costs at most the deadline.
			while (this.queue.length > 0 && !this.closing.signal.aborted) {
				const before = this.queue.length;
				this.send();
				await this.sending;
				if (this.queue.length >= before) break;
			}
		} finally {
			clearTimeout(deadline);
		}

		const unsent = this.queue.length;
		this.queue.clear();
		this.unsentAtClose = unsent;
		if (unsent === 0) this.detail = undefined;
		this.state = 'closed';
		return unsent;
	}

	private flushIfDue(): void {
		if (this.closed || this.sending || this.retryTimer || this.state !== 'connected' || this.queue.length === 0) return;
		this.send();
	}

	private send(): void {
		const batch = this.queue.take(this.maxRequestPoints);
		this.inFlight = batch.length;
		this.sending = this.post(batch).then(outcome => {
			this.sending = undefined;
			this.inFlight = 0;
			this.settle(batch, outcome);
		});
	}

	private async post(batch: string[]): Promise<WriteOutcome> {
		// Our own timer, not AbortSignal.timeout(): inside AbortSignal.any() Node 20 lets that signal be
		// garbage collected, and then a server that never answers holds the writer for undici's 5 minutes.
		const request = new AbortController();
		const timer = setTimeout(() => request.abort(new DOMException('no answer', 'TimeoutError')), this.timeoutMs);
		const abortOnClose = () => request.abort(this.closing.signal.reason);
		this.closing.signal.addEventListener('abort', abortOnClose, {once: true});
		try {
			const response = await fetch(this.endpoint.writeUrl, {
				method: 'POST',
				headers: {...this.endpoint.headers, 'content-type': 'text/plain; charset=utf-8'},
				body: batch.join('\n'),
				signal: request.signal,
			});
			const body = response.ok ? '' : await readStart(response, MAX_ERROR_BODY_BYTES);
			if (response.ok) await response.body?.cancel();
			return outcomeOfResponse(response.status, body, this.endpoint.api, this.endpoint.headers.authorization !== undefined);
		} catch (error) {
			if (this.closing.signal.aborted) return {kind: 'retry', detail: 'no answer before the end of the run'};
			return outcomeOfError(error, this.timeoutMs);
		} finally {
			clearTimeout(timer);
			this.closing.signal.removeEventListener('abort', abortOnClose);
		}
	}

	private settle(batch: string[], outcome: WriteOutcome): void {
		switch (outcome.kind) {
			case 'written':
				this.backoff.reset();
				this.change('connected', undefined);
				if (this.queue.length >= this.batchPoints) this.flushIfDue();
				return;
			case 'rejected':
				// The first, empty write: the server is there and took the credentials (InfluxDB 2 may call an empty body bad).
				if (batch.length === 0) {
					this.settle(batch, {kind: 'written'});
					return;
				}

				// The server is there and said no to these very points: sending them again cannot help.
				this.refused += batch.length;
				this.change('connected', outcome.detail);
				return;
			case 'retry':
			case 'failed': {
				this.queue.putBack(batch);
				// While closing too: the last line then says why points were not sent.
				this.change(outcome.kind === 'failed' ? 'failed' : 'retrying', outcome.detail);
				if (this.closed) return;
				const wait = outcome.kind === 'failed' ? Math.max(this.failedRetryMs, this.backoff.next()) : this.backoff.next();
				this.retryTimer = setTimeout(() => {
					this.retryTimer = undefined;
					this.send();
				}, wait);
				this.retryTimer.unref();
			}
		}
	}

	/** Tells of a new state or detail at once, and of more drops alone at most once a minute. */
	private change(state: SinkState, detail: string | undefined): void {
		const now = performance.now();
		const changed = state !== this.state || detail !== this.detail;
		const moreDropped = this.dropped > this.reportedDropped && now - this.reportedAt >= (this.options.dropsReportedEveryMs ?? DROPS_REPORTED_EVERY_MS);
		this.state = state;
		this.detail = detail;
		if (!changed && !moreDropped) return;
		this.reportedDropped = this.dropped;
		this.reportedAt = now;
		this.options.onChange();
	}
}

/** The first `max` bytes of the body as text; the rest is not read. */
async function readStart(response: Response, max: number): Promise<string> {
	// A response body is bytes; undici's types leave its chunks `any`.
	const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
	if (!reader) return '';
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		while (size < max) {
			const {done, value} = await reader.read();
			if (done) break;
			chunks.push(value);
			size += value.byteLength;
		}
	} finally {
		await reader.cancel().catch(() => undefined);
	}

	return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}
