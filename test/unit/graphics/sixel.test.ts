import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import jpeg from 'jpeg-js';
import {decode} from 'sixel';
import {itermInlineImage} from '../../../source/graphics/iterm/inline-image.js';
import {encodeSixel, sixelPicture} from '../../../source/graphics/sixel/sixel-encoder.js';
import {testPicture} from '../../helpers/test-pictures.js';

const ESC = '\u001B';

/**
 * Decodes our sixel with the `sixel` package (the WebAssembly decoder that
 * xterm.js's image addon uses). The addon itself cannot run here: it needs a
 * browser terminal (onRender, DOM canvases), which @xterm/headless is not.
 */
function decodeSixel(dcs: string): {width: number; height: number; rgba: Uint8ClampedArray} {
	const introducer = `${ESC}P0;1;0q`;
	assert.ok(dcs.startsWith(introducer), 'a DCS with the sixel introducer');
	assert.ok(dcs.endsWith(`${ESC}\\`), 'ended by ST');
	const body = dcs.slice(introducer.length, -2);
	assert.doesNotMatch(body, /[^\u0021-\u007E]/, 'only printable ASCII inside');
	const decoded = decode(body);
	return {width: decoded.width, height: decoded.height, rgba: decoded.data8};
}

/** The largest difference of any channel, averaged over `block` x `block` squares (dithering averages out). */
function worstBlockError(picture: {width: number; height: number; data: Uint8Array}, rgba: Uint8ClampedArray, block: number): number {
	let worst = 0;
	for (let top = 0; top + block <= picture.height; top += block) {
		for (let left = 0; left + block <= picture.width; left += block) {
			for (let channel = 0; channel < 3; channel++) {
				let expected = 0;
				let actual = 0;
				for (let y = top; y < top + block; y++) {
					for (let x = left; x < left + block; x++) {
						expected += picture.data[(y * picture.width + x) * 3 + channel]!;
						actual += rgba[(y * picture.width + x) * 4 + channel]!;
					}
				}

				worst = Math.max(worst, Math.abs(expected - actual) / (block * block));
			}
		}
	}

	return worst;
}

describe('sixel encoder', () => {
	it('decodes back to the picture: same size (not a multiple of 6), colours within dithering of the original', () => {
		const picture = testPicture(101, 47);
		const dcs = encodeSixel(picture);
		assert.match(dcs, /^\u001BP0;1;0q"1;1;101;47#/);
		const decoded = decodeSixel(dcs);
		assert.deepEqual({width: decoded.width, height: decoded.height}, {width: 101, height: 47});
		const worst = worstBlockError(picture, decoded.rgba, 4);
		assert.ok(worst < 10, `4x4 blocks differ by at most ${worst.toFixed(1)} of 255`);
	});

	it('colours of the palette come back (to the percent sixel colours are given in), each pixel where it was', () => {
		const width = 30;
		const height = 13;
		const colours = [
			[255, 0, 0],
			[0, 0, 255],
			[255, 255, 255],
			[0, 0, 0],
			[95, 135, 175],
		];
		const data = new Uint8Array(width * height * 3);
		for (let y = 0; y < height; y++) {
			for (let x = 0; x < width; x++) data.set(colours[(x * 3 + y * 7 + ((x * y) % 5)) % colours.length]!, (y * width + x) * 3);
		}

		const decoded = decodeSixel(encodeSixel({width, height, data}));
		for (let pixel = 0; pixel < width * height; pixel++) {
			for (let channel = 0; channel < 3; channel++) {
				const difference = Math.abs(decoded.rgba[pixel * 4 + channel]! - data[pixel * 3 + channel]!);
				assert.ok(difference <= 2, `pixel ${pixel} channel ${channel}: off by ${difference}`);
			}
		}
	});

	it('runs of one colour are coded as repeats, and only the colours used are defined', () => {
		const width = 200;
		const data = new Uint8Array(width * 12 * 3).fill(255);
		const dcs = encodeSixel({width, height: 12, data});
		assert.equal(dcs, `${ESC}P0;1;0q"1;1;200;12#215;2;100;100;100#215!200~-#215!200~${ESC}\\`);
	});

	it('a camera picture is scaled to the placement first: a 1600x1200 image in 40x12 cells of 8x16 is 256x192', () => {
		const decoded = decodeSixel(sixelPicture(testPicture(1600, 1200), 40, 12, {width: 8, height: 16}));
		assert.deepEqual({width: decoded.width, height: decoded.height}, {width: 256, height: 192});
	});

	it('a small picture is scaled up to fill its cells (sixel is drawn at its pixel size): 160x120 in 40x12 cells of 8x16 is 256x192', () => {
		const decoded = decodeSixel(sixelPicture(testPicture(160, 120), 40, 12, {width: 8, height: 16}));
		assert.deepEqual({width: decoded.width, height: decoded.height}, {width: 256, height: 192});
	});
});

describe('iTerm2 inline images', () => {
	it('send the JPEG as it is, sized in cells, aspect kept, ended by BEL', () => {
		const file = readFileSync(new URL('../../fixtures/prog.jpg', import.meta.url));
		const sequence = itermInlineImage(file, 40, 12);
		const match = /^\u001B\]1337;File=([^:]*):([A-Za-z0-9+/=]*)\u0007$/.exec(sequence);
		assert.ok(match, 'one OSC 1337 File sequence');
		assert.deepEqual(Object.fromEntries(match[1]!.split(';').map(pair => pair.split('='))), {
			inline: '1',
			size: String(file.length),
			width: '40',
			height: '12',
			preserveAspectRatio: '1',
		});
		const sent = Buffer.from(match[2]!, 'base64');
		assert.ok(sent.equals(file), 'the very bytes of the file');
		const image = jpeg.decode(sent, {useTArray: true});
		assert.ok(image.width > 0 && image.height > 0);
	});
});
