/**
 * Device text must never reach a terminal with its escape sequences: an OSC
 * can retitle a window or write the clipboard, a CSI can move the cursor.
 * This removes every escape/control sequence and every control character
 * (C0, DEL, C1) and the Unicode bidi overrides, and turns tabs into spaces.
 */
const ESCAPE_SEQUENCE = new RegExp(
	[
		'\\x1b\\[[\\x30-\\x3f]*[\\x20-\\x2f]*[\\x40-\\x7e]?', // CSI, e.g. colours
		'\\x1b\\][^\\x07\\x1b]*(?:\\x07|\\x1b\\\\)?', // OSC, ended by BEL or ST
		'\\x1b[PX^_][^\\x1b]*(?:\\x1b\\\\)?', // DCS, SOS, PM, APC
		'\\x1b[\\x20-\\x2f]*[\\x30-\\x7e]?', // other escapes (ESC c, ESC ( B, ...)
		'\\u009b[\\x30-\\x3f]*[\\x20-\\x2f]*[\\x40-\\x7e]?', // 8-bit CSI
		'\\u009d[^\\x07\\u009c]*[\\x07\\u009c]?', // 8-bit OSC
	].join('|'),
	'g',
);
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function sanitizeDeviceText(text: string): string {
	return text.replace(ESCAPE_SEQUENCE, '').replace(/\t/g, ' ').replace(CONTROL, '');
}
