const UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000};
const MAX_MS = 24 * 3_600_000;

/**
 * A camera's interval from the cameras file: `"5m"`, `"90s"`, `"1.5h"`,
 * `"500ms"`, or a number of seconds. Undefined when it is none (or not
 * between 100 ms and a day).
 */
export function parseInterval(value: unknown): number | undefined {
	let ms: number | undefined;
	if (typeof value === 'number') ms = value * 1000;
	else if (typeof value === 'string') {
		const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)?\s*$/i.exec(value);
		if (match) ms = Number(match[1]) * UNITS[(match[2] ?? 's').toLowerCase()]!;
	}

	return ms !== undefined && Number.isFinite(ms) && ms >= 100 && ms <= MAX_MS ? ms : undefined;
}

/** `1.5 s`, `45 s`, `12 min`, `3 h 20 min`: a span for people. */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, ms) / 1000;
	if (seconds < 10) return `${Number(seconds.toFixed(1))} s`;
	if (seconds < 120) return `${Math.round(seconds)} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 120) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	return minutes % 60 === 0 || hours >= 24 ? `${Math.round(minutes / 60)} h` : `${hours} h ${minutes % 60} min`;
}
