const BARS = '▁▂▃▄▅▆▇█';
/** A few points of change should not look like a cliff: the scale spans at least this many. */
const MIN_SPAN = 10;

/** Battery readings as bars scaled to their own range (at least 10 points), so a trend shows whatever the level. */
export function batteryTrendline(readings: readonly number[]): string {
	if (readings.length === 0) return '';
	const low = Math.min(...readings);
	const span = Math.max(MIN_SPAN, Math.max(...readings) - low);
	let line = '';
	for (const reading of readings) line += BARS[Math.round(((reading - low) / span) * (BARS.length - 1))];
	return line;
}
