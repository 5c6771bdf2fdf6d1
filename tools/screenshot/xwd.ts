import type {RgbPixels} from '../../source/graphics/fit-pixels.js';

/**
 * Reads what `xwd` writes (X11 window dump, version 7) of a TrueColor
 * window: 24 or 32 bits a pixel, ZPixmap, either byte order. Enough for a
 * window of a 24-bit Xvfb screen; anything else is refused by name.
 */
export function readXwd(file: Buffer): RgbPixels {
	const field = (index: number) => file.readUInt32BE(index * 4);
	const headerSize = field(0);
	const version = field(1);
	const pixmapFormat = field(2);
	const width = field(4);
	const height = field(5);
	const byteOrder = field(7);
	const bitsPerPixel = field(11);
	const bytesPerLine = field(12);
	const visualClass = field(13);
	const masks = [field(14), field(15), field(16)] as const;
	const colourCount = field(19);
	if (version !== 7) throw new Error(`xwd: file version ${version}, not 7`);
	if (pixmapFormat !== 2) throw new Error(`xwd: pixmap format ${pixmapFormat}, not ZPixmap (2)`);
	if (visualClass !== 4 && visualClass !== 5) throw new Error(`xwd: visual class ${visualClass}, not TrueColor or DirectColor`);
	if (bitsPerPixel !== 24 && bitsPerPixel !== 32) throw new Error(`xwd: ${bitsPerPixel} bits a pixel, not 24 or 32`);
	const pixelsAt = headerSize + colourCount * 12;
	const bytesPerPixel = bitsPerPixel / 8;
	if (file.length < pixelsAt + bytesPerLine * height) throw new Error('xwd: file is cut short');
	// Each mask is 8 bits wide (24-bit visual): shift its top bit down to bit 7.
	const shifts = masks.map(mask => 24 - Math.clz32(mask));
	const data = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const at = pixelsAt + y * bytesPerLine + x * bytesPerPixel;
			const pixel = readPixel(file, at, bytesPerPixel, byteOrder === 0);
			const to = (y * width + x) * 3;
			for (let channel = 0; channel < 3; channel++) data[to + channel] = (pixel & masks[channel]!) >>> shifts[channel]!;
		}
	}

	return {width, height, data};
}

function readPixel(file: Buffer, at: number, bytes: number, leastSignificantFirst: boolean): number {
	let pixel = 0;
	for (let index = 0; index < bytes; index++) {
		const byte = file[leastSignificantFirst ? at + bytes - 1 - index : at + index]!;
		pixel = ((pixel << 8) | byte) >>> 0;
	}

	return pixel;
}
