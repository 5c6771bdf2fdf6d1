/**
 * What the ends of an image's bytes say, cheaply: a JPEG begins with SOI
 * (FF D8) and ends with EOI (FF D9). Only a `whole` one is worth decoding.
 */
export function jpegShape(data: Uint8Array): 'whole' | 'not-jpeg' | 'truncated' {
	const length = data.length;
	if (length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return 'not-jpeg';
	return data[length - 2] === 0xff && data[length - 1] === 0xd9 ? 'whole' : 'truncated';
}
