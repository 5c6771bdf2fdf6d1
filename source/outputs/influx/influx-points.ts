import type {SessionEvent} from '../../session/session-events.js';
import type {CameraStats} from '../../core/reassembly/camera-stats.js';
import {macToString} from '../../core/protocol/mac.js';
import {toLine} from './line-protocol.js';

type TelemetryEvent = Extract<SessionEvent, {kind: 'telemetry'}>;
type ImageEvent = Extract<SessionEvent, {kind: 'image'}>;

/** The Python receiver's measurement, tag and field: dashboards built on them keep working. */
export const READING_MEASUREMENT = 'data';
export const IMAGE_MEASUREMENT = 'esp_cam_image';
export const CAMERA_MEASUREMENT = 'esp_cam_camera';
/** What the cameras send at first boot; the Python receiver does not write it. */
export const FIRST_BOOT_READING = 100;

/**
 * Unique timestamps per series: points of one series with the same timestamp
 * overwrite each other in InfluxDB, and a replay brings several HASHes of a
 * camera within one millisecond. The n-th point in the same millisecond gets
 * n microseconds more.
 */
export class Timestamps {
	private readonly last = new Map<string, {ms: number; count: number}>();

	microseconds(series: string, atMs: number): number {
		const previous = this.last.get(series);
		const count = previous?.ms === atMs ? Math.min(previous.count + 1, 999) : 0;
		if (!previous && this.last.size >= 4096) this.last.clear();
		this.last.set(series, {ms: atMs, count});
		return Math.trunc(atMs) * 1000 + count;
	}
}

/**
 * `data,mac_address=aa:bb:cc:dd:ee:ff voltage=87`: one point per HASH, as the
 * Python receiver writes it. Undefined when there is nothing to write: no
 * reading, a reading that is not a number, or the first-boot 100 (unless kept).
 */
export function readingLine(event: TelemetryEvent, timestamps: Timestamps, keepFirstBootReading: boolean): string | undefined {
	if (event.batteryPercent === undefined) return undefined;
	if (event.batteryPercent === FIRST_BOOT_READING && !keepFirstBootReading) return undefined;
	const mac = macToString(event.mac);
	return toLine({
		measurement: READING_MEASUREMENT,
		tags: {mac_address: mac},
		fields: {voltage: event.batteryPercent},
		timestampUs: timestamps.microseconds(`${READING_MEASUREMENT} ${mac}`, event.at),
	});
}

/** One point per finished image; `camera` is its MAC, or `other` for one not counted as a camera (RealCameras). */
export function imageLine(event: ImageEvent, camera: string, timestamps: Timestamps): string | undefined {
	return toLine({
		measurement: IMAGE_MEASUREMENT,
		tags: {mac_address: camera, outcome: event.outcome, reason: event.reason},
		fields: {
			bytes: {integer: event.bytes},
			chunks: {integer: event.chunks},
			missing_chunks: {integer: event.missingFrames},
			voltage: event.batteryPercent,
			saved: event.path !== undefined,
		},
		timestampUs: timestamps.microseconds(`${IMAGE_MEASUREMENT} ${camera} ${event.outcome} ${event.reason ?? ''}`, event.at),
	});
}

/** A camera's counters since the monitor started (what its panel shows). */
export function cameraLine(stats: CameraStats, atMs: number): string | undefined {
	return toLine({
		measurement: CAMERA_MEASUREMENT,
		tags: {mac_address: macToString(stats.mac)},
		fields: {
			images_verified: {integer: stats.images.verified},
			images_unverified: {integer: stats.images.unverified},
			images_incomplete: {integer: stats.images.incomplete},
			frames: {integer: stats.frames},
			bytes: {integer: stats.bytes},
			gaps: {integer: stats.gaps},
			missing_chunks: {integer: stats.missingFrames},
			voltage: stats.lastBatteryPercent,
		},
		timestampUs: Math.trunc(atMs) * 1000,
	});
}
