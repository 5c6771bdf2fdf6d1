import type {CameraHealthView} from './camera-health.js';

/**
 * How much a camera needs looking at: overdue first, then a low or fast
 * falling battery, then images failing in the last hour; 0 for none of these.
 */
export function troubleRank(health: CameraHealthView | undefined): number {
	if (!health) return 0;
	return (health.overdue ? 4 : 0) + (health.batteryLow || health.batteryFalling ? 2 : 0) + ((health.lossHour ?? 0) > 0 ? 1 : 0);
}

/** Troubled cameras first, most troubled first; otherwise the order given (a stable sort). */
export function troubleFirst<T extends {health?: CameraHealthView}>(cameras: readonly T[]): T[] {
	return cameras
		.map((camera, index) => ({camera, index, rank: troubleRank(camera.health)}))
		.sort((a, b) => b.rank - a.rank || a.index - b.index)
		.map(({camera}) => camera);
}
