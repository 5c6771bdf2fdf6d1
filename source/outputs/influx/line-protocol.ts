/** A field value: a float (`number`), an integer (`{integer}`), a boolean or a string. */
export type FieldValue = number | {integer: number} | boolean | string;

export interface Point {
	measurement: string;
	tags: Record<string, string | undefined>;
	/** Fields whose value is undefined are left out; a point needs at least one. */
	fields: Record<string, FieldValue | undefined>;
	/** Microseconds since the epoch (precision `u` / `us`). */
	timestampUs: number;
}

/**
 * One line of InfluxDB line protocol, or undefined when the point has no
 * field that can be written (a float that is not finite cannot be).
 */
export function toLine(point: Point): string | undefined {
	let fields = '';
	for (const [key, value] of Object.entries(point.fields)) {
		const text = value === undefined ? undefined : fieldValue(value);
		if (text === undefined) continue;
		fields += `${fields === '' ? '' : ','}${escapeKey(key)}=${text}`;
	}

	if (fields === '') return undefined;
	let series = escapeMeasurement(point.measurement);
	// Sorted by key, as InfluxDB stores them: it saves the server the work.
	for (const key of Object.keys(point.tags).sort()) {
		const value = point.tags[key];
		// An empty tag value cannot be written: the tag is left out.
		if (value !== undefined && value !== '') series += `,${escapeKey(key)}=${escapeKey(value)}`;
	}

	return `${series} ${fields} ${Math.trunc(point.timestampUs)}`;
}

function fieldValue(value: FieldValue): string | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (typeof value === 'string') return `"${value.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')}"`;
	return Number.isSafeInteger(value.integer) ? `${value.integer}i` : undefined;
}

/** Measurement names: commas and spaces escaped. */
export function escapeMeasurement(text: string): string {
	return text.replace(/\n/g, ' ').replace(/[\\, ]/g, '\\$&');
}

/** Tag keys, tag values and field keys: commas, equals signs and spaces escaped. */
export function escapeKey(text: string): string {
	return text.replace(/\n/g, ' ').replace(/[\\,= ]/g, '\\$&');
}
