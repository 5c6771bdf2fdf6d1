import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ROW_COLUMN_DIACRITICS} from '../../../source/graphics/kitty/diacritics.js';
import {KittyImageIds} from '../../../source/graphics/kitty/image-ids.js';
import {kittyPicture} from '../../../source/graphics/kitty/kitty-picture.js';
import {kittyPlaceholderRows, MAX_PLACEHOLDER_SPAN, PLACEHOLDER} from '../../../source/graphics/kitty/placeholder.js';
import {encodePng} from '../../../source/graphics/kitty/png-encoder.js';
import {kittyDelete, kittyTransmit, MAX_CHUNK} from '../../../source/graphics/kitty/transmit.js';
import {kittyQuery} from '../../../source/terminal/terminal-probe-queries.js';
import {tmuxPassthrough} from '../../../source/terminal/tmux-passthrough.js';
import {decodeRgbPng} from '../../helpers/png-decode.js';
import {testPicture} from '../../helpers/test-pictures.js';

const ESC = '\u001B';

/** Reads placeholder text back as kitty does: for each cell, its image id, row and column. */
function readPlaceholders(line: string): {id: number; row: number; column: number}[] {
	const colour = /^\u001B\[38;(?:5;(\d+)|2;(\d+);(\d+);(\d+))m/.exec(line);
	assert.ok(colour, `the line starts with the id colour: ${JSON.stringify(line.slice(0, 20))}`);
	const low = colour[1] === undefined ? (Number(colour[2]) << 16) | (Number(colour[3]) << 8) | Number(colour[4]) : Number(colour[1]);
	assert.ok(line.endsWith(`${ESC}[39m`), 'the line resets the foreground at its end');
	const cells = [...line.slice(colour[0].length, -5).split(PLACEHOLDER)].slice(1);
	return cells.map(cell => {
		const marks = [...cell].map(mark => ROW_COLUMN_DIACRITICS.indexOf(mark));
		assert.ok(marks.length >= 2 && marks.length <= 3 && !marks.includes(-1), `a row, a column and maybe a high byte: ${JSON.stringify(cell)}`);
		return {id: (marks[2] ?? 0) * 2 ** 24 + low, row: marks[0]!, column: marks[1]!};
	});
}

describe('kitty Unicode placeholders', () => {
	it("the diacritics table is kitty's: 297 distinct combining marks from U+0305 to U+1D244", () => {
		assert.equal(ROW_COLUMN_DIACRITICS.length, 297);
		assert.equal(new Set(ROW_COLUMN_DIACRITICS).size, 297);
		assert.equal(ROW_COLUMN_DIACRITICS[0], '\u0305');
		assert.equal(ROW_COLUMN_DIACRITICS[1], '\u030D');
		assert.equal(ROW_COLUMN_DIACRITICS[2], '\u030E');
		assert.equal(ROW_COLUMN_DIACRITICS[296], '\u{1D244}');
		for (const mark of ROW_COLUMN_DIACRITICS) assert.match(mark, /^\p{Mn}$/u);
	});

	it("a 2x2 placeholder for image 42 is exactly the one in kitty's documentation", () => {
		assert.deepEqual(kittyPlaceholderRows({imageId: 42, columns: 2, rows: 2, colour: 'palette'}), [
			`${ESC}[38;5;42m\u{10EEEE}\u0305\u0305\u{10EEEE}\u0305\u030D${ESC}[39m`,
			`${ESC}[38;5;42m\u{10EEEE}\u030D\u0305\u{10EEEE}\u030D\u030D${ESC}[39m`,
		]);
	});

	it("an id above 255 puts its top byte in a third diacritic, as the documentation's 42 + (2 << 24)", () => {
		assert.deepEqual(kittyPlaceholderRows({imageId: 42 + 2 * 2 ** 24, columns: 2, rows: 1, colour: 'palette'}), [
			`${ESC}[38;5;42m\u{10EEEE}\u0305\u0305\u030E\u{10EEEE}\u0305\u030D\u030E${ESC}[39m`,
		]);
	});

	it('24-bit colour carries the low 24 bits of the id, red the most significant', () => {
		const id = 0xab_12_34_56;
		const rows = kittyPlaceholderRows({imageId: id, columns: 3, rows: 2, colour: 'truecolor'});
		assert.ok(rows[0]!.startsWith(`${ESC}[38;2;18;52;86m`));
		for (const [row, line] of rows.entries()) {
			assert.deepEqual(
				readPlaceholders(line),
				[0, 1, 2].map(column => ({id, row, column})),
			);
		}
	});

	it('every cell of a large placement names its row and column, up to 297 of each', () => {
		const id = 7;
		const rows = kittyPlaceholderRows({imageId: id, columns: MAX_PLACEHOLDER_SPAN, rows: 40, colour: 'palette'});
		assert.equal(rows.length, 40);
		for (const [row, line] of rows.entries()) {
			const cells = readPlaceholders(line);
			assert.equal(cells.length, MAX_PLACEHOLDER_SPAN);
			for (const [column, cell] of cells.entries()) assert.deepEqual(cell, {id, row, column});
		}
	});

	it('refuses what it cannot encode: too many cells, an id a 256-colour foreground cannot carry, id 0', () => {
		assert.throws(() => kittyPlaceholderRows({imageId: 1, columns: 298, rows: 1, colour: 'palette'}), RangeError);
		assert.throws(() => kittyPlaceholderRows({imageId: 1, columns: 1, rows: 0, colour: 'palette'}), RangeError);
		assert.throws(() => kittyPlaceholderRows({imageId: 0x1_00, columns: 1, rows: 1, colour: 'palette'}), RangeError);
		assert.throws(() => kittyPlaceholderRows({imageId: 0, columns: 1, rows: 1, colour: 'truecolor'}), RangeError);
		assert.throws(() => kittyPlaceholderRows({imageId: 2 ** 32, columns: 1, rows: 1, colour: 'truecolor'}), RangeError);
	});

	it('image ids all fit a 256-colour foreground, never repeat within 65,280, never have a zero low byte', () => {
		const ids = new KittyImageIds(0.73);
		const seen = new Set<number>();
		for (let i = 0; i < 65_280; i++) {
			const id = ids.next();
			assert.equal(id & 0xff_ff_00, 0);
			assert.notEqual(id & 0xff, 0);
			assert.ok(id > 0 && id <= 0xff_ff_ff_ff);
			seen.add(id);
			kittyPlaceholderRows({imageId: id, columns: 1, rows: 1, colour: 'palette'});
		}

		assert.equal(seen.size, 65_280);
		assert.notEqual(new KittyImageIds(0.1).next(), new KittyImageIds(0.6).next(), 'the start depends on the seed');
	});
});

/** The keys and payload of every APC graphics command in `text`. */
function graphicsCommands(text: string): {keys: string; payload: string}[] {
	const commands = [...text.matchAll(/\u001B_G([^;\u001B]*)(?:;([^\u001B]*))?\u001B\\/g)].map(match => ({keys: match[1]!, payload: match[2] ?? ''}));
	assert.equal(commands.map(command => command.keys.length + command.payload.length).length, commands.length);
	return commands;
}

describe('kitty graphics commands', () => {
	it('a small image is transmitted in one quiet command that also makes the virtual placement', () => {
		const png = encodePng(testPicture(8, 6));
		const commands = kittyTransmit({imageId: 99, columns: 4, rows: 2, png});
		assert.equal(commands.length, 1);
		assert.equal(commands[0], `${ESC}_Ga=T,U=1,q=2,f=100,i=99,c=4,r=2;${Buffer.from(png).toString('base64')}${ESC}\\`);
	});

	it('a large image goes in chunks of at most 4096 base64 bytes: keys in the first, m=1 until the last has m=0', () => {
		const png = new Uint8Array(10_000).map((_, index) => (index * 7) & 0xff);
		const commands = graphicsCommands(kittyTransmit({imageId: 5, columns: 10, rows: 5, png}).join(''));
		assert.equal(commands.length, Math.ceil((Math.ceil(10_000 / 3) * 4) / MAX_CHUNK));
		assert.equal(commands[0]!.keys, 'a=T,U=1,q=2,f=100,i=5,c=10,r=5,m=1');
		for (const command of commands.slice(1, -1)) assert.equal(command.keys, 'm=1');
		assert.equal(commands.at(-1)!.keys, 'm=0');
		for (const command of commands) {
			assert.ok(command.payload.length <= MAX_CHUNK);
			assert.match(command.payload, /^[A-Za-z0-9+/]*={0,2}$/);
		}

		for (const command of commands.slice(0, -1)) assert.equal(command.payload.length % 4, 0, 'each chunk but the last is whole base64 quads');
		assert.deepEqual(new Uint8Array(Buffer.from(commands.map(command => command.payload).join(''), 'base64')), png);
	});

	it('delete frees the image data (d=I) or keeps it (d=i), quietly', () => {
		assert.equal(kittyDelete(12), `${ESC}_Ga=d,d=I,i=12,q=2${ESC}\\`);
		assert.equal(kittyDelete(12, false), `${ESC}_Ga=d,d=i,i=12,q=2${ESC}\\`);
	});

	it('the query is a 1x1 24-bit image with a=q', () => {
		assert.equal(kittyQuery(31), `${ESC}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA${ESC}\\`);
	});

	it('the PNG decodes back to the very pixels, with a valid checksum on every chunk', () => {
		const picture = testPicture(37, 23);
		const png = encodePng(picture);
		assert.deepEqual(decodeRgbPng(png), picture);
		let offset = 8;
		while (offset < png.length) {
			const length = png.readUInt32BE(offset);
			const crc = png.readUInt32BE(offset + 8 + length);
			assert.equal(crc, crc32Reference(png.subarray(offset + 4, offset + 8 + length)));
			offset += 12 + length;
		}
	});
});

describe('kitty pictures', () => {
	it("are scaled to the placement's pixels: a 1600x1200 camera image in a 13x10 panel sends 104x78 pixels", () => {
		const picture = kittyPicture(testPicture(1600, 1200), {imageId: 3, columns: 13, rows: 10, cell: {width: 8, height: 16}, colour: 'palette', tmux: false});
		const commands = graphicsCommands(picture.transmit);
		const png = Buffer.from(commands.map(command => command.payload).join(''), 'base64');
		const decoded = decodeRgbPng(png);
		assert.deepEqual({width: decoded.width, height: decoded.height}, {width: 104, height: 78});
		assert.equal(picture.pngBytes, png.length);
		assert.ok(png.length < 104 * 78 * 3, `smaller than raw RGB: ${png.length}`);
		assert.equal(picture.rows.length, 10);
		assert.equal(readPlaceholders(picture.rows[9]!).length, 13);
	});

	it('are never scaled up: a small image is sent at its own size', () => {
		const picture = kittyPicture(testPicture(40, 30), {imageId: 3, columns: 100, rows: 40, cell: {width: 10, height: 20}, colour: 'palette', tmux: false});
		const png = Buffer.from(
			graphicsCommands(picture.transmit)
				.map(command => command.payload)
				.join(''),
			'base64',
		);
		assert.deepEqual(decodeRgbPng(png), testPicture(40, 30));
	});

	it('inside tmux every command goes through passthrough on its own, the placeholders stay plain text', () => {
		const options = {imageId: 3, columns: 60, rows: 20, cell: {width: 10, height: 20}, colour: 'palette', tmux: false} as const;
		// Noise does not compress: several chunks.
		let state = 12_345;
		const noise = () => {
			state ^= state << 13;
			state ^= state >>> 17;
			state ^= state << 5;
			return state & 0xff;
		};

		const image = {width: 160, height: 120, data: new Uint8Array(160 * 120 * 3).map(noise)};
		const plain = kittyPicture(image, options);
		const wrapped = kittyPicture(image, {...options, tmux: true});
		const expected = graphicsCommands(plain.transmit);
		assert.ok(expected.length > 1);
		assert.equal(wrapped.transmit, expected.map(({keys, payload}) => tmuxPassthrough(`${ESC}_G${keys};${payload}${ESC}\\`)).join(''));
		assert.deepEqual(wrapped.rows, plain.rows);
	});
});

describe('tmux passthrough', () => {
	it('wraps in ESC P tmux; ... ESC \\ with every ESC inside doubled', () => {
		assert.equal(tmuxPassthrough(`${ESC}_Ga=d${ESC}\\`), `${ESC}Ptmux;${ESC}${ESC}_Ga=d${ESC}${ESC}\\${ESC}\\`);
		assert.equal(tmuxPassthrough('plain'), `${ESC}Ptmux;plain${ESC}\\`);
	});

	it('the wrapped text holds no single ESC before its end, so tmux cannot take one for the end', () => {
		const inner = `${ESC}[c${ESC}_Gi=1;AAAA${ESC}\\${ESC}${ESC}x`;
		const wrapped = tmuxPassthrough(inner);
		const body = wrapped.slice(`${ESC}Ptmux;`.length, -2);
		assert.doesNotMatch(body.replaceAll(`${ESC}${ESC}`, ''), /\u001B/);
		assert.equal(body.replaceAll(`${ESC}${ESC}`, ESC), inner);
	});
});

function crc32Reference(bytes: Uint8Array): number {
	let crc = ~0;
	for (const byte of bytes) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xed_b8_83_20 & -(crc & 1));
	}

	return ~crc >>> 0;
}
