/**
 * MAC addresses travel as 6 bytes; inside the program they are 48-bit
 * numbers (cheap to read per frame, usable as Map keys) and are turned into
 * text only for people and file names.
 */
export type MacNumber = number;

const textCache = new Map<MacNumber, string>();
const MAX_CACHED = 4096;

/** `24:0a:1b:2c:3d:4e` */
export function macToString(mac: MacNumber): string {
	let text = textCache.get(mac);
	if (text === undefined) {
		text = mac
			.toString(16)
			.padStart(12, '0')
			.replace(/(..)(?!$)/g, '$1:');
		if (textCache.size >= MAX_CACHED) textCache.clear();
		textCache.set(mac, text);
	}

	return text;
}

/** `240a1b2c3d4e`, as the gallery tool expects in file names. */
export function macToCompact(mac: MacNumber): string {
	return mac.toString(16).padStart(12, '0');
}

/** Accepts `24:0a:1b:2c:3d:4e`, `24-0A-...` or `240a1b2c3d4e`; undefined if not a MAC. */
export function parseMac(text: string): MacNumber | undefined {
	const hex = text.trim().replace(/[:-]/g, '');
	if (!/^[0-9a-fA-F]{12}$/.test(hex)) return undefined;
	return Number.parseInt(hex, 16);
}
