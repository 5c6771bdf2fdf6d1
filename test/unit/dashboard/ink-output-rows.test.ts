import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Chalk} from 'chalk';
import {stockInkModule} from '../../helpers/stock-ink.js';
import {PLAIN_RANGES} from '../../helpers/plain-characters.js';

// Ink's Output (patched, patches/ink+6.8.0.patch): a row whose writes are the
// same as at the previous frame is not built again, and what a line's
// characters and widths are is kept from one frame to the next.

/** Colours whatever the test's stdout is. */
const chalk = new Chalk({level: 3});

interface Clip {
	x1?: number;
	x2?: number;
	y1?: number;
	y2?: number;
}

interface InkOutput {
	write(x: number, y: number, text: string, options: {transformers: ((line: string, index: number) => string)[]}): void;
	clip(clip: Clip): void;
	unclip(): void;
	get(): {output: string; height: number};
	buildRow?: unknown;
}

type OutputClass = new (options: {width: number; height: number}) => InkOutput;

/** Ink's own output module, past its package exports: the very module its renderer uses. */
async function inkOutput(): Promise<OutputClass> {
	const module = (await import(new URL('./output.js', import.meta.resolve('ink')).href)) as {default: OutputClass};
	return module.default;
}

type Operation = {type: 'write'; x: number; y: number; text: string; upper?: boolean} | {type: 'clip'; clip: Clip} | {type: 'unclip'};

function frame(Output: OutputClass, width: number, height: number, operations: Operation[]): string {
	const output = new Output({width, height});
	for (const operation of operations) {
		if (operation.type === 'write') {
			output.write(operation.x, operation.y, operation.text, {transformers: operation.upper ? [line => line.toUpperCase()] : []});
		} else if (operation.type === 'clip') {
			output.clip(operation.clip);
		} else {
			output.unclip();
		}
	}

	return output.get().output;
}

/** Counts the rows Output builds (the patch's buildRow) while `work` runs. */
function rowsBuilt(Output: OutputClass, work: () => void): number {
	const prototype = Output.prototype as InkOutput;
	assert.equal(typeof prototype.buildRow, 'function', 'Ink is not patched: every frame builds every row');
	const buildRow = prototype.buildRow as (...arguments_: unknown[]) => string;
	let count = 0;
	prototype.buildRow = function (this: InkOutput, ...arguments_: unknown[]) {
		count++;
		return buildRow.apply(this, arguments_);
	};

	try {
		work();
	} finally {
		prototype.buildRow = buildRow;
	}

	return count;
}

const screen = (uptime: string): Operation[] => [
	{type: 'write', x: 0, y: 0, text: `${chalk.bold.cyan('esp-cam-monitor')}${chalk.dim(` · up ${uptime}`)} · ${chalk.green('● connected')}`},
	{type: 'write', x: 0, y: 1, text: 'images 3 good / 0 incomplete'},
	{type: 'write', x: 0, y: 2, text: '╭──────╮\n│ cam  │\n╰──────╯'},
	{type: 'write', x: 10, y: 3, text: chalk.yellow('gaps 2')},
];

test('a frame builds again only the rows whose writes changed', async () => {
	const Output = await inkOutput();
	frame(Output, 40, 6, screen('0:00:00'));
	assert.equal(
		rowsBuilt(Output, () => frame(Output, 40, 6, screen('0:00:00'))),
		0,
	);
	assert.equal(
		rowsBuilt(Output, () => frame(Output, 40, 6, screen('0:00:01'))),
		1,
	);
	// Another width changes every row.
	assert.equal(
		rowsBuilt(Output, () => frame(Output, 41, 6, screen('0:00:01'))),
		6,
	);
});

/** A small deterministic generator, so a failure can be run again. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

const PIECES = ['a', 'bc', ' ', '─', '│', '界', '🔋', '▮', 'é', 'x y', '✔'];
const STYLES = [(text: string) => text, chalk.red, chalk.bold, chalk.dim, chalk.bgBlue.white, (text: string) => chalk.underline(chalk.green(text))];

function randomFrame(next: () => number, width: number, height: number): Operation[] {
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
	const operations: Operation[] = [];
	let clips = 0;
	for (let index = 0; index < 12; index++) {
		const roll = next();
		if (roll < 0.1) {
			operations.push({type: 'clip', clip: {x1: Math.floor(next() * width), x2: Math.floor(next() * width) + 4, y1: Math.floor(next() * height), y2: height}});
			clips++;
		} else if (roll < 0.15 && clips > 0) {
			operations.push({type: 'unclip'});
			clips--;
		} else {
			const lines = Array.from({length: 1 + Math.floor(next() * 3)}, () => Array.from({length: 1 + Math.floor(next() * 6)}, () => pick(STYLES)(pick(PIECES))).join(''));
			operations.push({type: 'write', x: Math.floor(next() * width), y: Math.floor(next() * (height + 1)) - 1, text: lines.join('\n'), upper: next() < 0.2});
		}
	}

	return operations;
}

test('the patched Output draws every frame as the stock Ink 6.8 does', async () => {
	const Output = await inkOutput();
	const StockOutput = await stockInkModule<OutputClass>('output.js');
	assert.notEqual(StockOutput, Output);
	assert.equal(typeof (StockOutput.prototype as InkOutput).buildRow, 'undefined', 'the stock module is the unpatched one');
	const next = random(7);
	const [width, height] = [24, 8];
	// Frames that share rows: each changes a few writes of the one before.
	let operations = randomFrame(next, width, height);
	for (let index = 0; index < 400; index++) {
		const changed = [...operations];
		const place = Math.floor(next() * changed.length);
		const old = changed[place]!;
		const roll = next();
		if (roll < 0.3 && old.type === 'write') {
			// The same text one cell aside, or one row down.
			changed[place] = next() < 0.5 ? {...old, x: old.x + 1} : {...old, y: old.y + 1};
		} else if (roll < 0.4 && old.type === 'write') {
			changed[place] = {...old, upper: !old.upper};
		} else {
			changed.splice(place, 1, ...randomFrame(next, width, height).slice(0, 1 + Math.floor(next() * 2)));
		}

		operations = next() < 0.2 ? randomFrame(next, width, height) : changed;
		assert.equal(frame(Output, width, height, operations), frame(StockOutput, width, height, operations), `frame ${index}`);
	}
});

// The patch splits lines of these characters itself (not by ansi-tokenize's grapheme segmentation): each must be a
// grapheme of its own, one cell wide, next to any other and in any colour, as stock Ink draws it.

test('lines of plain characters are drawn as the stock Ink 6.8 does, every character', async () => {
	const Output = await inkOutput();
	const StockOutput = await stockInkModule<OutputClass>('output.js');
	const characters = PLAIN_RANGES.flatMap(([first, last]) => Array.from({length: last - first + 1}, (_, index) => String.fromCodePoint(first + index)));
	const next = random(11);
	const [width, height] = [60, 6];
	for (let start = 0; start < characters.length; start += 20) {
		const run = characters.slice(start, start + 20);
		// Each character next to the one before and after it, and to itself; some in colours, some compound (bold and colour).
		const lines = [run.join(''), run.map(character => character + character).join(''), run.map(character => STYLES[Math.floor(next() * STYLES.length)]!(character)).join('')];
		const operations: Operation[] = lines.map((text, y) => ({type: 'write', x: 1, y, text}));
		operations.push({type: 'write', x: 0, y: 4, text: chalk.bold.red(run.join(' ')) + chalk.reset('x') + '\u001B[m' + run[0]!});
		assert.equal(frame(Output, width, height, operations), frame(StockOutput, width, height, operations), `characters from U+${run[0]!.codePointAt(0)!.toString(16)}`);
	}
});
