import {endOfJpeg} from '../jpeg/strict-jpeg.js';
import {trailingPaddingStart} from '../jpeg/padding.js';

/**
 * Where an image's bytes end, cheaply: a JPEG begins with SOI (FF D8) and
 * ends with EOI (FF D9), which a camera driver may follow with padding (its
 * DMA buffer: zero bytes, or FF fill). `truncated` only when the data ends
 * before the EOI. `whole` ones are worth decoding; that strict check also
 * judges anything after the EOI that is not padding.
 */
export function jpegShape(data: Uint8Array): 'whole' | 'not-jpeg' | 'truncated' {
	if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return 'not-jpeg';
	const end = trailingPaddingStart(data);
	if (end >= 4 && data[end - 2] === 0xff && data[end - 1] === 0xd9) return 'whole';
	// Something other than padding at the end: the JPEG's own data cut short, or bytes after a whole one.
	return endOfJpeg(data) === undefined ? 'truncated' : 'whole';
}
