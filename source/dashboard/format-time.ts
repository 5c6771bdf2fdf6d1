const pad = (value: number) => String(value).padStart(2, '0');

export function clock(epochMs: number): string {
	const date = new Date(epochMs);
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `12 s ago`, `3 min ago`, `2 h ago` */
export function ago(epochMs: number, now: number): string {
	const seconds = Math.max(0, Math.round((now - epochMs) / 1000));
	if (seconds < 90) return `${seconds} s ago`;
	if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
	return `${Math.round(seconds / 3600)} h ago`;
}

/** `1:02:03` */
export function duration(ms: number): string {
	// A moment before the start (the clock read a millisecond apart) is the start.
	const seconds = Math.max(0, Math.floor(ms / 1000));
	return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}
