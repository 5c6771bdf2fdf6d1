import type {Session} from '../../session/session.js';
import type {MacNumber} from '../../core/protocol/mac.js';
import type {SinkStatus} from '../../session/output-status.js';
import type {Sink} from '../sink.js';
import {sinkEvent} from '../sinks.js';
import {CameraMetrics} from './camera-metrics.js';
import {serveMetrics, type MetricsAddress} from './metrics-server.js';

/**
 * --metrics: counts the session's events from its start, and once started
 * answers http://host:port/metrics until closed. Starting rejects with a
 * FatalError when it cannot listen (the port in use).
 */
export class MetricsSink implements Sink {
	readonly name = 'metrics';
	private session?: Session;
	private readonly metrics: CameraMetrics;
	private server?: {close: () => Promise<void>; port: number};
	private state: SinkStatus['state'] = 'connecting';

	constructor(
		private readonly address: MetricsAddress,
		named: Iterable<MacNumber> = [],
	) {
		this.metrics = new CameraMetrics(() => this.session?.pipeline, named);
	}

	get listener() {
		return this.metrics.listener;
	}

	/** The port served (the one asked for, or the one given for port 0). */
	get port(): number | undefined {
		return this.server?.port;
	}

	async start(session: Session): Promise<void> {
		this.session = session;
		this.server = await serveMetrics(this.metrics.registry, this.address);
		this.state = 'connected';
		session.pipeline.emit(sinkEvent(this.status()));
	}

	async close(): Promise<void> {
		this.state = 'closed';
		await this.server?.close();
	}

	status(): SinkStatus {
		const port = this.server?.port ?? this.address.port;
		return {sink: this.name, target: `http://${this.address.host ?? '*'}:${port}/metrics`, state: this.state, dropped: 0, queued: 0};
	}
}
