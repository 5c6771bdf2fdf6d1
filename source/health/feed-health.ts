import type {MonitorEvent} from '../ingest/monitor-events.js';
import type {CameraHealth} from './camera-health.js';

/** What camera health learns from the pipeline's events: image ends (wakes, loss) and battery readings. */
export function feedHealth(health: CameraHealth, event: MonitorEvent): void {
	if (event.kind === 'image') {
		// An image cut by our own stop says nothing about the camera's link.
		health.imageEnded(event.mac, event.at, {incomplete: event.outcome === 'incomplete', countsForLoss: event.reason !== 'shutdown'});
	} else if (event.kind === 'telemetry' && event.inRange && event.voltage !== undefined) {
		health.battery(event.mac, event.at, event.voltage);
	}
}
