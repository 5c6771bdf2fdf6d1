/**
 * The characters the Ink patch treats as plain: each a grapheme of its own and
 * one cell wide, so it splits and measures lines of them itself instead of by
 * grapheme segmentation (ansi-tokenize, string-width). Inclusive code point ranges.
 */
export const PLAIN_RANGES: [number, number][] = [
	[0x20, 0x7e],
	[0xa0, 0xac],
	[0xae, 0x2ff],
	[0x2010, 0x2027],
	[0x2030, 0x205e],
	[0x2190, 0x21ff],
	[0x2500, 0x25fc],
	[0x2714, 0x2714],
	[0x2718, 0x2718],
];
