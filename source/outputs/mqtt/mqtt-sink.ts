import {readFileSync} from 'node:fs';
import type {Session} from '../../session/session.js';
import type {SessionEvent} from '../../session/session-events.js';
import {macToString, type MacNumber} from '../../core/protocol/mac.js';
import type {SinkStatus} from '../../session/output-status.js';
import type {Sink} from '../sink.js';
import {sinkEvent} from '../sinks.js';
import {cameraDiscovery, type DiscoveryMessage} from './discovery.js';
import type {MqttOptions} from './mqtt-options.js';
import {MqttPublisher} from './mqtt-publisher.js';
import {cameraTopics, homeAssistantStatusTopic, statusTopic, type CameraTopics} from './mqtt-topics.js';
import {RealCameras} from '../real-cameras.js';

/** What close() waits at most for queued messages (Sinks.close gives every sink 1 s in all). */
const CLOSE_WAIT_MS = 700;

interface Camera {
	topics: CameraTopics;
	discovery: DiscoveryMessage[];
	incomplete: number;
}

/**
 * --mqtt: each real camera's last verified image (its JPEG file's bytes),
 * battery, last-image time and incomplete count on retained topics, an event
 * per image, the monitor's availability with a last will, and Home Assistant
 * discovery (one device per camera). A camera is real once named in
 * --cameras or once it sent a good image: phantom MACs (another ESP-NOW
 * sender, a flood) never get topics or devices. The listener only records and queues.
 */
export class MqttSink implements Sink {
	readonly name = 'mqtt';
	private session?: Session;
	private readonly publisher: MqttPublisher;
	private readonly cameras = new Map<MacNumber, Camera>();
	private readonly real: RealCameras;
	private readonly version = packageVersion();
	private reportedDropped = 0;
	private dropsReported = false;

	constructor(
		private readonly options: MqttOptions,
		private readonly names: ReadonlyMap<number, string> = new Map(),
	) {
		const homeAssistant = options.discoveryPrefix === undefined ? undefined : homeAssistantStatusTopic(options.discoveryPrefix);
		this.publisher = new MqttPublisher(options, {
			statusTopic: statusTopic(options.prefix),
			subscriptions: homeAssistant === undefined ? [] : [homeAssistant],
			onMessage: (topic, payload) => {
				// Home Assistant (re)started: it asks every device to say again what it has.
				if (topic === homeAssistant && payload.toString('utf8').trim() === 'online') this.publisher.resend(this.discoveryTopics());
			},
			onState: () => {
				this.dropsReported = false;
				this.report();
			},
		});
		this.real = new RealCameras(names.keys());
		for (const mac of this.real) this.camera(mac);
	}

	readonly listener = (event: SessionEvent): void => {
		switch (event.kind) {
			case 'image':
				this.image(event);
				return;
			case 'telemetry': {
				const camera = this.cameras.get(event.mac);
				if (camera && event.batteryPercent !== undefined) this.publisher.setRetained(camera.topics.battery, {text: String(event.batteryPercent)});
				return;
			}

			default:
		}
	};

	start(session: Session): Promise<void> {
		this.session = session;
		this.publisher.start();
		this.report();
		return Promise.resolve();
	}

	async close(): Promise<void> {
		await this.publisher.close(CLOSE_WAIT_MS);
	}

	status(): SinkStatus {
		const {state, detail} = this.publisher.state;
		return {
			sink: this.name,
			target: this.options.url,
			state,
			...(detail === undefined ? {} : {detail}),
			dropped: this.publisher.dropped,
			queued: this.publisher.queued,
		};
	}

	private image(event: Extract<SessionEvent, {kind: 'image'}>): void {
		this.real.learn(event);
		if (!this.real.has(event.mac)) return;
		const camera = this.camera(event.mac);
		const {topics} = camera;
		if (event.outcome === 'verified' && event.path !== undefined) {
			this.publisher.setRetained(topics.image, {file: event.path});
			this.publisher.setRetained(topics.lastImage, {text: new Date(event.at).toISOString()});
		}

		if (event.batteryPercent !== undefined) this.publisher.setRetained(topics.battery, {text: String(event.batteryPercent)});
		if (event.outcome === 'incomplete') {
			camera.incomplete++;
			this.publisher.setRetained(topics.incomplete, {text: String(camera.incomplete)});
		}

		this.publisher.publishEvent(topics.event, imageEventPayload(event, this.names.get(event.mac)));
		this.reportNewDrops();
	}

	/** The camera's topics, made (with its discovery) the first time: only for real cameras (RealCameras). */
	private camera(mac: MacNumber): Camera {
		let camera = this.cameras.get(mac);
		if (camera) return camera;
		const {prefix, discoveryPrefix} = this.options;
		const discovery = discoveryPrefix === undefined ? [] : cameraDiscovery({prefix, discoveryPrefix, mac, name: this.names.get(mac), version: this.version});
		camera = {topics: cameraTopics(prefix, mac), discovery, incomplete: 0};
		this.cameras.set(mac, camera);
		for (const message of discovery) this.publisher.setRetained(message.topic, {text: message.payload});
		this.publisher.setRetained(camera.topics.incomplete, {text: '0'});
		return camera;
	}

	private *discoveryTopics(): Iterable<string> {
		for (const camera of this.cameras.values()) for (const message of camera.discovery) yield message.topic;
	}

	/** A `sink` event when messages are first given up in a state (not one per drop). */
	private reportNewDrops(): void {
		if (this.dropsReported || this.publisher.dropped <= this.reportedDropped) return;
		this.dropsReported = true;
		this.report();
	}

	private report(): void {
		const status = this.status();
		this.reportedDropped = status.dropped;
		this.session?.pipeline.emit(sinkEvent(status));
	}
}

/** The `<prefix>/<mac>/event` payload: one image, whatever its outcome. */
export function imageEventPayload(event: Extract<SessionEvent, {kind: 'image'}>, name?: string): string {
	return JSON.stringify({
		at: new Date(event.at).toISOString(),
		mac: macToString(event.mac),
		...(name === undefined ? {} : {name}),
		outcome: event.outcome,
		...(event.reason === undefined ? {} : {reason: event.reason}),
		...(event.detail === undefined ? {} : {detail: event.detail}),
		bytes: event.bytes,
		chunks: event.chunks,
		missingFrames: event.missingFrames,
		...(event.batteryPercent === undefined ? {} : {battery: event.batteryPercent}),
		...(event.path === undefined ? {} : {file: event.path}),
	});
}

function packageVersion(): string {
	try {
		return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {version: string}).version;
	} catch {
		return 'unknown';
	}
}
