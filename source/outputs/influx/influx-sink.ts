import type {SessionEvent} from '../../session/session-events.js';
import type {Session} from '../../session/session.js';
import type {MacNumber} from '../../core/protocol/mac.js';
import type {SinkStatus} from '../../session/output-status.js';
import type {Sink} from '../sink.js';
import {SINK_CLOSE_DEADLINE_MS, sinkEvent} from '../sinks.js';
import type {InfluxOptions} from './influx-flags.js';
import {RealCameras} from '../real-cameras.js';
import {cameraLine, imageLine, readingLine, Timestamps} from './influx-points.js';
import {InfluxWriter} from './influx-writer.js';

const CAMERA_COUNTERS_EVERY_MS = 60_000;

/**
 * --influx: each battery reading as the Python receiver writes it, a point
 * per image, and each camera's counters every minute. The listener only
 * builds a line and queues it (InfluxWriter: bounded, batched, retried).
 */
export class InfluxSink implements Sink {
	readonly name = 'influx';
	private readonly writer: InfluxWriter;
	private readonly timestamps = new Timestamps();
	private readonly cameras: RealCameras;
	private session?: Session;
	private countersTimer?: NodeJS.Timeout;

	constructor(
		private readonly options: InfluxOptions,
		named: Iterable<MacNumber> = [],
	) {
		this.cameras = new RealCameras(named);
		this.writer = new InfluxWriter(options.endpoint, {bufferPoints: options.bufferPoints, onChange: () => this.report()});
	}

	readonly listener = (event: SessionEvent): void => {
		let line: string | undefined;
		if (event.kind === 'telemetry') line = readingLine(event, this.timestamps, this.options.keepFirstBootReading);
		else if (event.kind === 'image') {
			this.cameras.learn(event);
			line = imageLine(event, this.cameras.label(event.mac), this.timestamps);
		}
		if (line !== undefined) this.writer.push(line);
	};

	start(session: Session): Promise<void> {
		this.session = session;
		this.report();
		this.writer.start();
		this.countersTimer = setInterval(() => this.writeCameraCounters(), CAMERA_COUNTERS_EVERY_MS);
		this.countersTimer.unref();
		return Promise.resolve();
	}

	async close(): Promise<void> {
		clearInterval(this.countersTimer);
		this.writeCameraCounters();
		// Within the sinks' deadline, leaving a moment for the last line.
		const unsent = await this.writer.close(SINK_CLOSE_DEADLINE_MS - 150);
		const why = this.writer.detail === undefined ? '' : `; ${this.writer.detail}`;
		this.report(unsent > 0 ? `${unsent} points not sent${why}` : undefined);
	}

	status(): SinkStatus {
		const {writer} = this;
		return {
			sink: this.name,
			target: this.options.endpoint.target,
			state: writer.state,
			...(writer.detail === undefined ? {} : {detail: writer.detail}),
			dropped: writer.dropped,
			// After close: the points it could not send (the summary's "never sent").
			queued: writer.queued,
		};
	}

	private writeCameraCounters(): void {
		const stats = this.session?.pipeline.reassembler.cameraStats;
		if (!stats) return;
		const now = Date.now();
		for (const camera of stats.values()) {
			if (!this.cameras.has(camera.mac)) continue;
			const line = cameraLine(camera, now);
			if (line !== undefined) this.writer.push(line);
		}
	}

	private report(detail?: string): void {
		const status = this.status();
		this.session?.pipeline.emit(sinkEvent(detail === undefined ? status : {...status, detail}));
	}
}
