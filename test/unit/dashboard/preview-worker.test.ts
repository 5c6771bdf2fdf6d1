import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import jpeg from 'jpeg-js';
import {nearest256} from '../../../source/graphics/cells/colour.js';
import {fitCells, scaleImage} from '../../../source/graphics/rgb-image.js';
import {PreviewRenderer} from '../../../source/dashboard/preview/preview-renderer.js';
import {tempDir} from '../../helpers/temp-dir.js';

const folder = tempDir();

/** A real JPEG file: the top half `top`, the bottom half `bottom`. */
function twoColourJpeg(name: string, width: number, height: number, top: number[], bottom: number[]): string {
	const data = Buffer.alloc(width * height * 4);
	for (let y = 0; y < height; y++) {
		const [red, green, blue] = y < height / 2 ? top : bottom;
		for (let x = 0; x < width; x++) data.set([red!, green!, blue!, 255], (y * width + x) * 4);
	}

	const file = path.join(folder, name);
	writeFileSync(file, jpeg.encode({width, height, data}, 95).data);
	return file;
}

/** Each half-block cell of a rendered line as the SGR parameters of its [upper, lower] pixel, colours carried over. */
function cells(line: string): [string, string][] {
	const result: [string, string][] = [];
	let background = '';
	let foreground = '';
	for (const [, code, block] of line.matchAll(/\u001B\[([\d;]+)m|([ \u2580\u2584\u2588])/g)) {
		if (block === ' ') result.push([background, background]);
		else if (block === '\u2580') result.push([foreground, background]);
		else if (block === '\u2584') result.push([background, foreground]);
		else if (block === '\u2588') result.push([foreground, foreground]);
		else if (code!.startsWith('48;')) background = code!.slice(3);
		else if (code!.startsWith('38;')) foreground = code!.slice(3);
	}

	return result;
}

function near(parameters: string, expected: number[]): boolean {
	const [, ...rgb] = parameters.split(';').map(Number);
	return rgb.length === 3 && rgb.every((value, index) => Math.abs(value - expected[index]!) <= 12);
}

describe('preview worker (jpeg-js, half blocks)', {timeout: 30_000}, () => {
	const trueColour = new PreviewRenderer(3);
	const colours256 = new PreviewRenderer(2);
	after(async () => Promise.all([trueColour.close(), colours256.close()]));
	const redOverBlue = twoColourJpeg('red-over-blue.jpg', 320, 240, [255, 0, 0], [0, 0, 255]);

	it('shows the picture whole, undistorted, in the cells given, two pixels a cell', async () => {
		const lines = (await trueColour.render(redOverBlue, 40, 10)).split('\n');
		assert.equal(lines.length, 10);
		const rows = lines.map(cells);
		// 320x240 in 40x10 cells of two pixels: 10 rows (20 pixels) high, so 27 columns wide.
		assert.deepEqual(
			rows.map(row => row.length),
			Array.from({length: 10}, () => 27),
		);
		for (const [background, foreground] of rows[0]!) assert.ok(near(background, [255, 0, 0]) && near(foreground, [255, 0, 0]), `${background} ${foreground}`);
		for (const [background, foreground] of rows[9]!) assert.ok(near(background, [0, 0, 255]) && near(foreground, [0, 0, 255]), `${background} ${foreground}`);
		assert.ok(
			lines.every(line => line.endsWith('\u001B[0m')),
			'each line ends with a reset',
		);
		assert.ok(lines[0]!.match(/\u001B\[/g)!.length <= 3, 'a colour is written once, not once a cell');
	});

	it('averages the pixels under each cell: a boundary inside a cell mixes both colours', async () => {
		// 3 cell rows = 6 pixels for 240: the boundary at 120 falls in the middle of pixel 3 (rows 80..120 and 120..160).
		const file = twoColourJpeg('odd-split.jpg', 240, 240, [255, 255, 255], [0, 0, 0]);
		const rows = (await trueColour.render(file, 20, 3)).split('\n').map(cells);
		assert.ok(near(rows[0]![0]![0], [255, 255, 255]));
		assert.ok(near(rows[2]![0]![1], [0, 0, 0]));
		const [, ...middle] = rows[1]![0]![0].split(';').map(Number);
		assert.ok(
			middle.every(value => value > 200),
			middle.join(','),
		);
	});

	it('uses the 256-colour palette when that is what the terminal has', async () => {
		const rows = (await colours256.render(redOverBlue, 40, 10)).split('\n').map(cells);
		assert.deepEqual(rows[0]![0], ['5;196', '5;196']);
		assert.deepEqual(rows[9]![0], ['5;21', '5;21']);
	});

	it('renders one image at several sizes (panel, zoom)', async () => {
		const small = await trueColour.render(redOverBlue, 20, 5);
		const large = await trueColour.render(redOverBlue, 100, 30);
		assert.equal(small.split('\n').length, 5);
		assert.equal(large.split('\n').length, 30);
		assert.equal(cells(large.split('\n')[0]!).length, 80);
	});

	it('refuses what is not a JPEG, and one too large to decode, and keeps working', async () => {
		const notJpeg = path.join(folder, 'not.jpg');
		writeFileSync(notJpeg, 'hello');
		await assert.rejects(trueColour.render(notJpeg, 20, 5));
		// A small JPEG whose frame header claims 20000x20000: refused before anything that size is allocated.
		const huge = Buffer.from(jpeg.encode({width: 16, height: 16, data: Buffer.alloc(16 * 16 * 4, 128)}, 90).data);
		const sof = huge.indexOf(Buffer.from([0xff, 0xc0]));
		huge.writeUInt16BE(20_000, sof + 5);
		huge.writeUInt16BE(20_000, sof + 7);
		const hugeFile = path.join(folder, 'huge.jpg');
		writeFileSync(hugeFile, huge);
		await assert.rejects(trueColour.render(hugeFile, 20, 5), /maxResolutionInMP|memory/i);
		assert.equal((await trueColour.render(redOverBlue, 20, 5)).split('\n').length, 5);
	});
});

describe('preview pixels', () => {
	it('fits a picture in cells of two square pixels', () => {
		assert.deepEqual(fitCells(320, 240, 40, 10), {columns: 27, rows: 10});
		assert.deepEqual(fitCells(320, 240, 20, 40), {columns: 20, rows: 8});
		assert.deepEqual(fitCells(1, 1000, 40, 10), {columns: 1, rows: 10});
	});

	it('scales down by area averaging and up by repeating', () => {
		const source = {width: 4, height: 2, data: Uint8Array.from([0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255, 0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255])};
		assert.deepEqual([...scaleImage(source, 2, 1).data], [50, 50, 50, 228, 228, 228]);
		assert.deepEqual([...scaleImage(source, 8, 2).data.subarray(0, 12)], [0, 0, 0, 0, 0, 0, 100, 100, 100, 100, 100, 100]);
	});

	it('picks the nearest of the 256 colours, greys included', () => {
		assert.equal(nearest256(255, 0, 0), 196);
		assert.equal(nearest256(0, 0, 0), 16);
		assert.equal(nearest256(128, 128, 128), 244);
		assert.equal(nearest256(95, 135, 175), 67);
	});
});
