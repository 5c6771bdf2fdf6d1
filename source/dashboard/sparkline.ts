const BARS = '▁▂▃▄▅▆▇█';

/** `▁▂▅▇█▃` scaled to the largest value; blanks stay at the lowest bar. */
export function sparkline(values: readonly number[]): string {
	const max = Math.max(...values, 0);
	if (max <= 0) return BARS[0]!.repeat(values.length);
	return values.map(value => BARS[Math.min(BARS.length - 1, Math.round((value / max) * (BARS.length - 1)))]).join('');
}
