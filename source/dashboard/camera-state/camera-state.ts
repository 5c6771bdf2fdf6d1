import type {CameraView} from '../dashboard-model.js';

/** What a camera is doing now, as its panel and its compact line both say it. */
export type CameraState =
	{kind: 'overdue'; intervalMs?: number} | {kind: 'never-seen'} | {kind: 'receiving'; chunks: number; bytes: number} | {kind: 'idle'; last?: {good: boolean; text: string}};

export function cameraState(camera: CameraView): CameraState {
	const {health, receiving} = camera;
	// A camera sending now is no longer silent, even before health hears of it.
	if (health?.overdue && !receiving) return {kind: 'overdue', intervalMs: health.intervalMs};
	if (health?.neverSeen) return {kind: 'never-seen'};
	if (receiving) return {kind: 'receiving', chunks: receiving.chunks, bytes: receiving.bytes};
	if (!camera.lastOutcome) return {kind: 'idle'};
	const good = camera.lastOutcome !== 'incomplete';
	return {kind: 'idle', last: {good, text: good ? camera.lastOutcome : `incomplete (${camera.lastReason ?? '?'})`}};
}

/** `low` wins over `falling`; undefined when the battery looks fine (or is unknown). */
export function batteryFlag(camera: CameraView): 'low' | 'falling' | undefined {
	if (camera.health?.batteryLow) return 'low';
	return camera.health?.batteryFalling ? 'falling' : undefined;
}
