/** How a camera's battery reading is shown; pure. */
export interface BatteryView {
	/** `87%`, or the reading as sent when it is not a whole 0..100 (`101%?`, `n/a?`). */
	text: string;
	colour: 'red' | 'yellow' | 'green';
	/** Bars of five to fill; 0 when the reading is no number. */
	filled: number;
}

export function batteryView(reading: string | undefined, percent: number | undefined, inRange: boolean | undefined): BatteryView | undefined {
	if (percent === undefined && !reading) return undefined;
	if (percent === undefined) return {text: `${reading}?`, colour: 'yellow', filled: 0};
	const clamped = Math.min(100, Math.max(0, percent));
	const colour = inRange === false ? 'yellow' : clamped < 20 ? 'red' : clamped < 50 ? 'yellow' : 'green';
	return {text: inRange === false ? `${reading ?? percent}%?` : `${percent}%`, colour, filled: Math.round(clamped / 20)};
}
