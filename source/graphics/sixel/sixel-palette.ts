/**
 * A fixed palette of 240 colours for sixel: xterm's 6x6x6 colour cube and 24
 * greys. Fixed, so quantising is a lookup per pixel and needs no pass over
 * the image, and 240 fits every sixel terminal (they keep at least 256
 * registers; the VT340 had 16, but no terminal anyone uses today has so few).
 */
export const CUBE_LEVELS = [0, 95, 135, 175, 215, 255] as const;
const GREYS = 24;
export const PALETTE_SIZE = 216 + GREYS;

/** The palette as RGB triples, register after register. */
export const PALETTE_RGB: Uint8Array = (() => {
	const rgb = new Uint8Array(PALETTE_SIZE * 3);
	for (let index = 0; index < 216; index++) {
		rgb[index * 3] = CUBE_LEVELS[Math.floor(index / 36)]!;
		rgb[index * 3 + 1] = CUBE_LEVELS[Math.floor(index / 6) % 6]!;
		rgb[index * 3 + 2] = CUBE_LEVELS[index % 6]!;
	}

	for (let grey = 0; grey < GREYS; grey++) rgb.fill(8 + grey * 10, (216 + grey) * 3, (217 + grey) * 3);
	return rgb;
})();

/**
 * A 4x4 ordered (Bayer) dither: each channel is placed between the two
 * palette levels around it, and the pixel's threshold picks the upper one
 * in proportion to how close it is. Smooth gradients (sky, walls) come out
 * as fine patterns whose average is the true colour instead of bands.
 * Ordered, not error diffusion: the same picture always gives the same bytes.
 */
const THRESHOLDS = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5].map(value => (value + 0.5) / 16);

/** For each value 0..255: the index of the level at or below it, and how far it is towards the next (0..1). */
function ramp(levels: readonly number[]): {below: Uint8Array; fraction: Float32Array} {
	const below = new Uint8Array(256);
	const fraction = new Float32Array(256);
	let index = 0;
	for (let value = 0; value < 256; value++) {
		while (index + 2 < levels.length && value >= levels[index + 1]!) index++;
		below[value] = index;
		fraction[value] = Math.min(1, (value - levels[index]!) / (levels[index + 1]! - levels[index]!));
	}

	return {below, fraction};
}

const CUBE_RAMP = ramp(CUBE_LEVELS);
/** Black, the 24 greys, white: the levels a grey pixel is dithered between. */
const GREY_LEVELS = [0, ...Array.from({length: GREYS}, (_, grey) => 8 + grey * 10), 255];
const GREY_REGISTERS = [0, ...Array.from({length: GREYS}, (_, grey) => 216 + grey), 215];
const GREY_RAMP = ramp(GREY_LEVELS);

/** The palette register for a pixel at (x, y). */
export function paletteIndex(red: number, green: number, blue: number, x: number, y: number): number {
	const threshold = THRESHOLDS[((y & 3) << 2) | (x & 3)]!;
	// Greys are closer together than the cube's levels: better for grey pixels.
	if (Math.max(red, green, blue) - Math.min(red, green, blue) < 12) {
		const mean = Math.round((red + green + blue) / 3);
		return GREY_REGISTERS[GREY_RAMP.below[mean]! + (GREY_RAMP.fraction[mean]! > threshold ? 1 : 0)]!;
	}

	return cubeLevel(red, threshold) * 36 + cubeLevel(green, threshold) * 6 + cubeLevel(blue, threshold);
}

function cubeLevel(value: number, threshold: number): number {
	return CUBE_RAMP.below[value]! + (CUBE_RAMP.fraction[value]! > threshold ? 1 : 0);
}
