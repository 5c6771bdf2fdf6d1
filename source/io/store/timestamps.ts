const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `YYYYmmdd_HHMMSS_ffffff` in local time, as the seed script names its files. */
export function fileTimestamp(epochMicros: number): string {
	const date = new Date(Math.floor(epochMicros / 1000));
	const micros = epochMicros % 1_000_000;
	return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}_` + `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}_${pad(micros, 6)}`;
}

/** `YYYY-mm-dd HH:MM:SS.fff` in local time, the seed's volt.log format. */
export function logTimestamp(epochMs: number): string {
	const date = new Date(epochMs);
	return (
		`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
		`${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
	);
}
