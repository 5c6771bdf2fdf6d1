import {createRequire} from 'node:module';
import type {Counter, Gauge, Registry} from 'prom-client';
import type {SessionEvent} from '../../session/session-events.js';
import type {Pipeline} from '../../session/pipeline.js';
import {macToString, type MacNumber} from '../../core/protocol/mac.js';
import {OTHER_CAMERA, RealCameras} from '../real-cameras.js';

// prom-client is loaded only when metrics are served: loading it took ~30 ms of every start here (~0.3 s on a Pi).
const require = createRequire(import.meta.url);

/**
 * The monitor's figures for Prometheus (`esp_cam_*`), from the session's
 * events and, at each scrape, its counters. A MAC gets its own labels once it
 * is a real camera: named in --cameras, or with a good image (a HASH-verified
 * or whole JPEG); until then its images count under `mac="other"`. Nothing
 * here runs per byte or per frame.
 */
export class CameraMetrics {
	readonly registry: Registry;
	private readonly real: RealCameras;
	/** Frames counted so far, per camera the reassembler holds now (so phantoms it forgot are not kept here either). */
	private framesSeen = new Map<MacNumber, number>();
	private checksumErrorsSeen = 0;
	/** Each relay's port name now. */
	private readonly relayPorts = new Map<number, string>();
	private readonly images: Counter<'mac' | 'outcome'>;
	private readonly missing: Counter<'mac'>;
	private readonly battery: Gauge<'mac'>;
	private readonly lastImage: Gauge<'mac'>;
	private readonly relay: Gauge<'port'>;

	/** `monitor`: the session's, once it has started (events may come before: the first port states). */
	constructor(
		private readonly pipeline: () => Pipeline | undefined,
		named: Iterable<MacNumber> = [],
	) {
		const {Counter, Gauge, Registry, collectDefaultMetrics} = require('prom-client') as typeof import('prom-client');
		this.registry = new Registry();
		const registers = [this.registry];
		this.images = new Counter({
			name: 'esp_cam_images_total',
			help: 'Images finished, by camera and outcome (verified, unverified, incomplete).',
			labelNames: ['mac', 'outcome'],
			registers,
		});
		this.missing = new Counter({name: 'esp_cam_missing_chunks_total', help: 'DATA chunks known to be missing from images.', labelNames: ['mac'], registers});
		this.battery = new Gauge({name: 'esp_cam_battery_percent', help: 'Battery percent from the last HASH (as sent; it may lie outside 0..100).', labelNames: ['mac'], registers});
		this.lastImage = new Gauge({name: 'esp_cam_last_image_timestamp_seconds', help: 'When the last image ended (Unix time).', labelNames: ['mac'], registers});
		this.relay = new Gauge({name: 'esp_cam_relay_connected', help: "1 while the relay's serial port is open.", labelNames: ['port'], registers});
		const frames = new Counter<'mac'>({
			name: 'esp_cam_frames_total',
			help: 'Valid frames, by camera.',
			labelNames: ['mac'],
			registers,
			collect: (): void => this.collectFrames(frames),
		});
		const checksum: Counter = new Counter({
			name: 'esp_cam_checksum_errors_total',
			help: 'Frames whose checksum failed (their MAC cannot be trusted).',
			registers,
			collect: (): void => {
				const total = this.pipeline()?.totals().checksumErrors ?? 0;
				if (total > this.checksumErrorsSeen) checksum.inc(total - this.checksumErrorsSeen);
				this.checksumErrorsSeen = total;
			},
		});
		collectDefaultMetrics({register: this.registry});
		this.real = new RealCameras(named);
		for (const mac of named) this.startSeries(mac);
	}

	readonly listener = (event: SessionEvent): void => {
		switch (event.kind) {
			case 'image': {
				if (this.real.learn(event)) this.startSeries(event.mac);
				const mac = this.real.label(event.mac);
				this.images.inc({mac, outcome: event.outcome});
				if (event.missingFrames > 0) this.missing.inc({mac}, event.missingFrames);
				if (mac === OTHER_CAMERA) return;
				this.lastImage.set({mac}, event.at / 1000);
				// The reading of the HASH that came before the camera's first good image, too.
				if (event.batteryPercent !== undefined) this.battery.set({mac}, event.batteryPercent);
				return;
			}

			case 'telemetry':
				if (event.batteryPercent !== undefined && this.real.has(event.mac)) this.battery.set({mac: this.real.label(event.mac)}, event.batteryPercent);
				return;
			case 'port': {
				// `auto` waiting for its first relay names no port: no series that would stay 0.
				if (event.port === 'auto') return;
				// A relay `auto` found again under another name: its old name's series would stay 0 for ever.
				const relay = event.relay ?? 0;
				const before = this.relayPorts.get(relay);
				if (before !== undefined && before !== event.port) this.relay.remove({port: before});
				this.relayPorts.set(relay, event.port);
				this.relay.set({port: event.port}, event.state === 'connected' ? 1 : 0);
				return;
			}

			default:
		}
	};

	/** A camera's series start at 0 (Prometheus's rate() sees the first image as an increase). */
	private startSeries(mac: MacNumber): void {
		const label = macToString(mac);
		for (const outcome of ['verified', 'unverified', 'incomplete']) this.images.inc({mac: label, outcome}, 0);
		this.missing.inc({mac: label}, 0);
	}

	/** Counters grow by what the reassembler counted since the last scrape (a camera it forgot keeps its total). */
	private collectFrames(frames: Counter<'mac'>): void {
		const seen = new Map<MacNumber, number>();
		for (const [mac, stats] of this.pipeline()?.reassembler.cameraStats ?? []) {
			const before = this.framesSeen.get(mac) ?? 0;
			// A camera the reassembler forgot and heard again counts from zero there.
			const grown = stats.frames >= before ? stats.frames - before : stats.frames;
			seen.set(mac, stats.frames);
			if (grown > 0) frames.inc({mac: this.real.label(mac)}, grown);
		}

		this.framesSeen = seen;
	}
}
