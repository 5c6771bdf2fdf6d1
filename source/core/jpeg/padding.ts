/**
 * What a camera driver may send after a JPEG's EOI: the rest of its DMA
 * buffer, zero bytes, or FF fill. Not image data, and not damage.
 */
export const isPaddingByte = (byte: number): boolean => byte === 0x00 || byte === 0xff;

/** Where the run of padding bytes at the end of `data` begins (its length when it ends otherwise). */
export function trailingPaddingStart(data: Uint8Array): number {
	let start = data.length;
	while (start > 0 && isPaddingByte(data[start - 1]!)) start--;
	return start;
}

/** The first byte from `from` on that is not padding, or data.length. */
export function firstNotPadding(data: Uint8Array, from: number): number {
	let at = from;
	while (at < data.length && isPaddingByte(data[at]!)) at++;
	return at;
}
