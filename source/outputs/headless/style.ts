export type Style = (text: string) => string;

export interface Palette {
	good: Style;
	bad: Style;
	warn: Style;
	info: Style;
	dim: Style;
}

const wrap =
	(open: number, close: number): Style =>
	text =>
		`\x1b[${open}m${text}\x1b[${close}m`;
const plain: Style = text => text;

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function shouldColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
	return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function palette(colour: boolean): Palette {
	if (!colour) return {good: plain, bad: plain, warn: plain, info: plain, dim: plain};
	return {good: wrap(32, 39), bad: wrap(31, 39), warn: wrap(33, 39), info: wrap(36, 39), dim: wrap(2, 22)};
}
