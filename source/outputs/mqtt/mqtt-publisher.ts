import {randomBytes} from 'node:crypto';
import {createRequire} from 'node:module';
import {open} from 'node:fs/promises';
import {hostname} from 'node:os';
import type {IClientOptions, MqttClient} from 'mqtt';
import {Backoff} from '../backoff.js';
import {BoundedQueue} from '../bounded-queue.js';
import type {SinkState} from '../../session/output-status.js';
import {describeConnectionProblem, type ConnectionProblem} from './connection-problem.js';
import type {MqttOptions} from './mqtt-options.js';

// MQTT.js is loaded with require, and only by start(): importing the CommonJS package from ESM costs some 4 MB more.
const require = createRequire(import.meta.url);

/** A retained value: text, or a file whose bytes are read when it is sent (an image is never copied while receiving). */
export type RetainedValue = {text: string} | {file: string};

export interface PublisherState {
	state: SinkState;
	detail?: string;
}

interface Message {
	topic: string;
	payload: string;
}

/** Messages written to the socket and not yet drained: the socket's buffer never grows past this. */
const MAX_IN_FLIGHT = 8;
const MAX_IN_FLIGHT_BYTES = 1 << 20;
/** Events waiting while the broker is away; the oldest go first. */
const MAX_QUEUED_EVENTS = 500;
const MAX_QUEUED_EVENT_BYTES = 256 * 1024;
/** A bigger file is not sent (an ESP camera's JPEG is a few tens of kB). */
export const MAX_IMAGE_BYTES = 4 << 20;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One connection to the broker that never blocks its caller and never holds
 * more than a bounded amount. Retained topics keep only their latest value
 * (an image as the path of its file) and are all sent again after every
 * (re)connect, since a restarted broker may have lost them; events wait in a
 * bounded queue (drop-oldest, counted). Publishing is QoS 0 and only while
 * connected: MQTT.js's own offline buffer is never used. Reconnects wait
 * with backoff and jitter.
 */
export class MqttPublisher {
	private client?: MqttClient;
	private readonly retained = new Map<string, RetainedValue>();
	/** Retained topics whose latest value has not been sent on this connection, in the order they were set. */
	private readonly unsent = new Set<string>();
	private readonly events = new BoundedQueue<Message>(MAX_QUEUED_EVENTS, {maxSize: MAX_QUEUED_EVENT_BYTES, sizeOf: message => message.payload.length});
	private inFlight = 0;
	private inFlightBytes = 0;
	/** Goes up at every disconnect: callbacks of an older connection change nothing. */
	private connection = 0;
	private pumping = false;
	private closing = false;
	private reconnectTimer?: NodeJS.Timeout;
	private readonly backoff = new Backoff({initialMs: 1000, maxMs: 60_000});
	private lastProblem?: ConnectionProblem;
	private current: PublisherState = {state: 'connecting'};
	/** Images given up: replaced by a newer one before they could go out, unreadable, or too big. */
	private imagesDropped = 0;
	private idleWaiters: (() => void)[] = [];
	private closed?: Promise<void>;

	constructor(
		private readonly options: MqttOptions,
		private readonly hooks: {
			/** The status topic (`online` on connect, `offline` at close and as the last will). */
			statusTopic: string;
			/** Topics to subscribe to on each connect (Home Assistant's status). */
			subscriptions: string[];
			onMessage: (topic: string, payload: Buffer) => void;
			onState: (state: PublisherState) => void;
		},
	) {}

	get state(): PublisherState {
		return this.current;
	}

	get dropped(): number {
		return this.events.dropped + this.imagesDropped;
	}

	get queued(): number {
		return this.events.length + this.unsent.size;
	}

	get connected(): boolean {
		return this.client?.connected ?? false;
	}

	/** Starts connecting; returns at once. */
	start(): void {
		const {connect} = require('mqtt') as typeof import('mqtt');
		const {url, username, password, ca} = this.options;
		const options: IClientOptions = {
			clientId: `esp-cam-monitor-${hostname()
				.replaceAll(/[^\w-]/g, '')
				.slice(0, 20)}-${randomBytes(3).toString('hex')}`,
			protocolVersion: 4,
			clean: true,
			keepalive: 30,
			connectTimeout: CONNECT_TIMEOUT_MS,
			// Reconnects are ours, with backoff; MQTT.js would retry at a fixed period.
			reconnectPeriod: 0,
			// Never MQTT.js's unbounded offline queue.
			queueQoSZero: false,
			// Else the first packet builds a table of 65,536 two-byte Buffers, some 6 MB of heap kept for the whole run.
			writeCache: false,
			will: {topic: this.hooks.statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true},
			...(username === undefined ? {} : {username}),
			...(password === undefined ? {} : {password}),
			...(ca === undefined ? {} : {ca}),
		};
		const client = connect(url, options);
		this.client = client;
		client.on('connect', () => this.handleConnect());
		client.on('error', error => {
			this.lastProblem = describeConnectionProblem(error, [password], {tlsUnanswered: url.startsWith('mqtts:') && !client.connected});
		});
		client.on('close', () => this.handleClose());
		client.on('message', (topic, payload) => this.hooks.onMessage(topic, payload));
	}

	/** Sets a retained topic's latest value; it goes out as soon as it can. */
	setRetained(topic: string, value: RetainedValue): void {
		const before = this.retained.get(topic);
		if (before && 'file' in before && this.unsent.has(topic)) this.imagesDropped++;
		this.retained.set(topic, value);
		this.unsent.delete(topic);
		this.unsent.add(topic);
		this.pump();
	}

	/** Sends these retained topics again (Home Assistant restarted). */
	resend(topics: Iterable<string>): void {
		for (const topic of topics) if (this.retained.has(topic)) this.unsent.add(topic);
		this.pump();
	}

	/** Queues a message that is not retained; when the queue is full the oldest is dropped. */
	publishEvent(topic: string, payload: string): void {
		this.events.push({topic, payload});
		this.pump();
	}

	/**
	 * Waits up to `waitMs` for what is queued to go out (also for a first
	 * connection still being made), says `offline`, and disconnects. Never
	 * rejects.
	 */
	async close(waitMs: number): Promise<void> {
		this.closed ??= this.shutDown(waitMs);
		return this.closed;
	}

	private async shutDown(waitMs: number): Promise<void> {
		const client = this.client;
		if (!client) return;
		clearTimeout(this.reconnectTimer);
		const deadline = performance.now() + waitMs;
		if (!this.rejected()) await this.idle(waitMs);
		this.closing = true;
		this.setState({state: 'closed'});
		if (client.connected) {
			const offline = new Promise<void>(resolve => {
				client.publish(this.hooks.statusTopic, 'offline', {qos: 0, retain: true}, () => resolve());
			});
			await withDeadline(offline, Math.max(50, deadline - performance.now()));
			await withDeadline(client.endAsync(false), Math.max(50, deadline - performance.now()));
		}

		// Whatever is left (a connection never made, a broker that does not answer) is cut. end(true) is
		// ignored while the end(false) above is under way (a broker that stopped reading): the socket is cut too.
		client.end(true);
		client.stream?.destroy();
	}

	private handleConnect(): void {
		this.backoff.reset();
		this.lastProblem = undefined;
		this.setState({state: 'connected'});
		const client = this.client!;
		if (this.hooks.subscriptions.length > 0) client.subscribe(this.hooks.subscriptions, {qos: 0}, () => undefined);
		// A broker that restarted without persistence has lost every retained value.
		for (const topic of this.retained.keys()) this.unsent.add(topic);
		this.send(this.hooks.statusTopic, 'online', true);
		this.pump();
	}

	private handleClose(): void {
		this.connection++;
		this.inFlight = 0;
		this.inFlightBytes = 0;
		if (this.closing) return;
		const problem = this.lastProblem ?? {detail: 'the connection was lost', rejected: false};
		this.lastProblem = undefined;
		this.setState({state: problem.rejected ? 'failed' : 'retrying', detail: problem.detail});
		this.wakeIdleWaiters();
		clearTimeout(this.reconnectTimer);
		this.reconnectTimer = setTimeout(() => {
			if (!this.closing) this.client?.reconnect();
		}, this.backoff.next());
		this.reconnectTimer.unref();
	}

	private rejected(): boolean {
		return this.current.state === 'failed';
	}

	private setState(next: PublisherState): void {
		if (next.state === this.current.state && next.detail === this.current.detail) return;
		this.current = next;
		this.hooks.onState(next);
	}

	/** Sends what waits, as long as the socket takes it: retained values first, then events. */
	private pump(): void {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.connected && !this.closing && this.inFlight < MAX_IN_FLIGHT && this.inFlightBytes < MAX_IN_FLIGHT_BYTES) {
				const topic = this.unsent.values().next();
				if (!topic.done) {
					this.unsent.delete(topic.value);
					const value = this.retained.get(topic.value)!;
					if ('text' in value) this.send(topic.value, value.text, true);
					else this.sendFile(topic.value, value.file);
					continue;
				}

				const [event] = this.events.take(1);
				if (!event) break;
				this.send(event.topic, event.payload, false);
			}
		} finally {
			this.pumping = false;
		}

		if (this.inFlight === 0 && this.unsent.size === 0 && this.events.length === 0) this.wakeIdleWaiters();
	}

	private send(topic: string, payload: string | Buffer, retain: boolean): void {
		const connection = this.connection;
		const size = payload.length;
		this.inFlight++;
		this.inFlightBytes += size;
		// QoS 0: the callback comes once the socket has taken the message (at its drain when its buffer was full).
		this.client!.publish(topic, payload, {qos: 0, retain}, () => {
			if (connection !== this.connection) return;
			this.inFlight--;
			this.inFlightBytes -= size;
			this.pump();
		});
	}

	/** Reads the file (bounded) off the receive path, then sends its bytes unless a newer value came meanwhile. */
	private sendFile(topic: string, file: string): void {
		const connection = this.connection;
		this.inFlight++;
		void readBounded(file, MAX_IMAGE_BYTES).then(bytes => {
			if (connection !== this.connection) return;
			this.inFlight--;
			const latest = this.retained.get(topic);
			if (bytes === undefined) this.imagesDropped++;
			else if (latest && 'file' in latest && latest.file === file && this.connected && !this.closing) this.send(topic, bytes, true);
			this.pump();
		});
	}

	private async idle(waitMs: number): Promise<void> {
		const done = new Promise<void>(resolve => {
			this.idleWaiters.push(resolve);
		});
		// Already idle and connected: nothing to wait for.
		if (this.connected && this.inFlight === 0 && this.unsent.size === 0 && this.events.length === 0) this.wakeIdleWaiters();
		else if (this.current.state === 'retrying') this.wakeIdleWaiters();
		await withDeadline(done, waitMs);
	}

	private wakeIdleWaiters(): void {
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const wake of waiters) wake();
	}
}

/** The file's bytes, or undefined when it is gone, unreadable or bigger than `max`. */
async function readBounded(file: string, max: number): Promise<Buffer | undefined> {
	let handle;
	try {
		handle = await open(file, 'r');
		const {size} = await handle.stat();
		if (size > max) return undefined;
		const bytes = Buffer.allocUnsafe(size);
		const {bytesRead} = await handle.read(bytes, 0, size, 0);
		return bytesRead === size ? bytes : undefined;
	} catch {
		return undefined;
	} finally {
		await handle?.close().catch(() => undefined);
	}
}

async function withDeadline(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		promise.then(
			() => undefined,
			() => undefined,
		),
		new Promise<void>(resolve => {
			timer = setTimeout(resolve, ms);
		}),
	]);
	clearTimeout(timer);
}
