/**
 * The relay's checksum: the data as 4-byte little-endian words (the last one
 * zero-padded), all XORed together. Returned as an unsigned 32-bit number; on
 * the wire it is written big-endian.
 */
export function frameChecksum(data: Uint8Array, start = 0, end = data.length): number {
	let sum = 0;
	let i = start;
	const wholeWordsEnd = start + ((end - start) & ~3);
	for (; i < wholeWordsEnd; i += 4) {
		sum ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
	}

	for (let shift = 0; i < end; i++, shift += 8) {
		sum ^= data[i]! << shift;
	}

	return sum >>> 0;
}
