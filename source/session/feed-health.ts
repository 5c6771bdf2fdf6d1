import type {SessionEvent} from './session-events.js';
import type {CameraHealth} from '../core/health/camera-health.js';

/**
 * What camera health learns from the pipeline's events: image ends (wakes,
 * loss) and battery readings. `now`: the monotonic time the event is heard
 * (events are heard as they happen; their `at` is a wall time, which may step).
 */
export function feedHealth(health: CameraHealth, event: SessionEvent, now: number): void {
	if (event.kind === 'image') {
		// An image cut by our own stop says nothing about the camera's link.
		health.imageEnded(event.mac, now, {incomplete: event.outcome === 'incomplete', countsForLoss: event.reason !== 'shutdown'});
	} else if (event.kind === 'telemetry' && event.inRange && event.batteryPercent !== undefined) {
		health.battery(event.mac, now, event.batteryPercent);
	}
}
