import type {MonitorSession} from '../../ingest/monitor-session.js';
import type {MacNumber} from '../../protocol/mac.js';
import {CameraMetrics} from './camera-metrics.js';
import {serveMetrics, type MetricsAddress} from './metrics-server.js';

/**
 * --metrics: `listener` takes the session's events from its start (give it
 * to MonitorSession.start); `serve` then answers http://host:port/metrics
 * until `close`, and rejects with a FatalError when it cannot listen.
 */
export function metricsSink(named: Iterable<MacNumber> = []) {
	let session: MonitorSession | undefined;
	const metrics = new CameraMetrics(() => session?.monitor, named);
	let server: {close: () => Promise<void>; port: number} | undefined;
	return {
		listener: metrics.listener,
		async serve(started: MonitorSession, address: MetricsAddress): Promise<number> {
			session = started;
			server = await serveMetrics(metrics.registry, address);
			return server.port;
		},
		async close(): Promise<void> {
			await server?.close();
		},
	};
}
