/** chalk's colour levels: 1 = 16 colours, 2 = 256, 3 = 24-bit. */
export type ColourLevel = 1 | 2 | 3;

/**
 * How a level turns a colour into what the terminal is sent: `key` is a
 * number that stands for the colour the terminal will show (two colours
 * with one key look the same there), `code` the SGR sequence that sets it.
 */
export interface Palette {
	key(red: number, green: number, blue: number): number;
	code(key: number, background: boolean): string;
}

/** The 6 levels of each channel in xterm's 256-colour cube. */
const CUBE = [0, 95, 135, 175, 215, 255];

/** Every SGR code of a small palette, made once: a preview sets a colour thousands of times. */
function codeTable(count: number, code: (key: number, background: boolean) => string): {foreground: string[]; background: string[]} {
	return {
		foreground: Array.from({length: count}, (_, key) => code(key, false)),
		background: Array.from({length: count}, (_, key) => code(key, true)),
	};
}

const CODES_256 = codeTable(256, (key, background) => `\u001B[${background ? 48 : 38};5;${key}m`);
const CODES_16 = codeTable(16, (key, background) => `\u001B[${(background ? 40 : 30) + (key & 8 ? 60 : 0) + (key & 7)}m`);

export const PALETTES: Record<ColourLevel, Palette> = {
	3: {
		key: (red, green, blue) => (red << 16) | (green << 8) | blue,
		code: (key, background) => `\u001B[${background ? 48 : 38};2;${key >> 16};${(key >> 8) & 0xff};${key & 0xff}m`,
	},
	2: {
		key: (red, green, blue) => nearest256(red, green, blue),
		code: (key, background) => (background ? CODES_256.background : CODES_256.foreground)[key]!,
	},
	1: {
		// The 8 basic colours, bright when a channel is near full.
		key: (red, green, blue) => (Math.max(red, green, blue) > 191 ? 8 : 0) | (Math.round(blue / 255) << 2) | (Math.round(green / 255) << 1) | Math.round(red / 255),
		code: (key, background) => (background ? CODES_16.background : CODES_16.foreground)[key]!,
	},
};

/** The closest of xterm's 256 colours: the 6x6x6 cube or the 24 greys, whichever is nearer. */
export function nearest256(red: number, green: number, blue: number): number {
	const r = nearestCubeLevel(red);
	const g = nearestCubeLevel(green);
	const b = nearestCubeLevel(blue);
	const cubeDistance = distance(red, green, blue, CUBE[r]!, CUBE[g]!, CUBE[b]!);
	const grey = Math.max(0, Math.min(23, Math.round(((red + green + blue) / 3 - 8) / 10)));
	const greyValue = 8 + grey * 10;
	const greyDistance = distance(red, green, blue, greyValue, greyValue, greyValue);
	return greyDistance < cubeDistance ? 232 + grey : 16 + 36 * r + 6 * g + b;
}

function nearestCubeLevel(value: number): number {
	return value < 48 ? 0 : value < 115 ? 1 : Math.min(5, Math.floor((value - 35) / 40));
}

function distance(r1: number, g1: number, b1: number, r2: number, g2: number, b2: number): number {
	return (r1 - r2) ** 2 + (g1 - g2) ** 2 + (b1 - b2) ** 2;
}
