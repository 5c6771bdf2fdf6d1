import {macToCompact, type MacNumber} from '../../core/protocol/mac.js';

/** The topics of one camera, under `<prefix>/<mac>/` (the MAC in 12 lower-case hex digits: stable, unlike a name). */
export interface CameraTopics {
	/** Retained: the last verified image, its JPEG bytes exactly as saved. */
	image: string;
	/** Retained: the battery percent of the last reading, e.g. `87`. */
	battery: string;
	/** Retained: when the last verified image arrived, ISO 8601 (`2026-11-25T13:04:05.123Z`). */
	lastImage: string;
	/** Retained: incomplete images since the monitor started. */
	incomplete: string;
	/** Not retained: one JSON object per image, whatever its outcome. */
	event: string;
}

/** The monitor's availability: `online`, or `offline` (also its last will). Retained. */
export function statusTopic(prefix: string): string {
	return `${prefix}/status`;
}

export function cameraTopics(prefix: string, mac: MacNumber): CameraTopics {
	const base = `${prefix}/${macToCompact(mac)}`;
	return {image: `${base}/image`, battery: `${base}/battery`, lastImage: `${base}/last_image`, incomplete: `${base}/incomplete`, event: `${base}/event`};
}

/** Where Home Assistant says it (re)started: `online` there asks every device to send its discovery again. */
export function homeAssistantStatusTopic(discoveryPrefix: string): string {
	return `${discoveryPrefix}/status`;
}
