import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import jpeg from 'jpeg-js';
import {TEXT_CELL_MODES} from '../../../source/graphics/cells/glyphs.js';
import {fitCellBox} from '../../../source/graphics/pixel-picture.js';
import {fitCells, scaleImage, type RgbImage} from '../../../source/graphics/rgb-image.js';
import {Invalid} from '../../../source/core/jpeg/invalid-jpeg.js';
import {decodeScaledJpeg, type ScaleDenominator} from '../../../source/core/jpeg/scaled-jpeg.js';
import {renderPicture} from '../../../source/simulator/jpeg-factory.js';
import {PreviewRenderer} from '../../../source/dashboard/preview/preview-renderer.js';
import {tempDir} from '../../helpers/temp-dir.js';

const fixture = (name: string) => path.join(import.meta.dirname, '..', '..', 'fixtures', name);
const folder = tempDir();
const simulated = path.join(folder, 'simulated-640.jpg');
writeFileSync(simulated, renderPicture(1, 3, 12, {width: 640, height: 480}));
const large = path.join(folder, 'simulated-1600.jpg');
writeFileSync(large, renderPicture(2, 5, 12, {width: 1600, height: 1200}));

/** Every subsampling (4:2:0, 4:2:2, 4:4:4), greyscale, restart markers, sizes not a multiple of 8 or 16, the simulator's pictures. */
const BASELINE = ['pil-420.jpg', 'pil-422-rst.jpg', 'pil-444-rst.jpg', 'gray-rst.jpg', 's422-rst.jpg', 'pil-q95-noisy.jpg'].map(fixture).concat(simulated);
const LIMIT = 6 * 1024 * 1024;

function fullDecode(file: string): RgbImage {
	return jpeg.decode(readFileSync(file), {useTArray: true, formatAsRGBA: false});
}

/** The whole-block part of `image` box-averaged down `scale` times: what each pixel of a scaled decode stands for. */
function blockMeans(image: RgbImage, scale: number): RgbImage {
	const width = Math.floor(image.width / scale);
	const height = Math.floor(image.height / scale);
	return scaleImage(image, width, height, width * scale, height * scale);
}

function differences(expected: RgbImage, actual: RgbImage): {mean: number; max: number} {
	let sum = 0;
	let max = 0;
	for (let y = 0; y < expected.height; y++) {
		for (let x = 0; x < expected.width * 3; x++) {
			const difference = Math.abs(expected.data[y * expected.width * 3 + x]! - actual.data[y * actual.width * 3 + x]!);
			sum += difference;
			max = Math.max(max, difference);
		}
	}

	return {mean: sum / (expected.width * expected.height * 3), max};
}

function decoded(file: string, scale: ScaleDenominator): RgbImage & {scale: number; sourceWidth: number} {
	const result = decodeScaledJpeg(readFileSync(file), () => scale, LIMIT);
	assert.ok(!('unsupported' in result), file);
	return {...result.image, scale: result.scale, sourceWidth: result.width};
}

describe('scaled JPEG decoder', () => {
	for (const file of BASELINE) {
		it(`${path.basename(file)}: 1/8, 1/4 and 1/2 are the block means of the full decode`, () => {
			const full = fullDecode(file);
			for (const scale of [8, 4, 2] as const) {
				const image = decoded(file, scale);
				assert.equal(image.scale, scale);
				assert.deepEqual([image.width, image.height], [Math.ceil(full.width / scale), Math.ceil(full.height / scale)]);
				const {mean, max} = differences(blockMeans(full, scale), image);
				// jpeg-js rounds and clamps each pixel of its integer IDCT before they are averaged; the mean comes straight from the coefficients.
				assert.ok(mean < 1, `${scale}: mean difference ${mean}`);
				assert.ok(max <= (file.includes('noisy') ? 32 : 10), `${scale}: largest difference ${max}`);
			}
		});
	}

	it('greyscale at 1/8 is exactly the block means (the DC alone)', () => {
		const full = fullDecode(fixture('gray-rst.jpg'));
		assert.equal(differences(blockMeans(full, 8), decoded(fixture('gray-rst.jpg'), 8)).max, 0);
	});

	it('decodes a progressive greyscale or 4:4:4 JPEG at 1/8 from its DC passes alone', () => {
		const bytes = readFileSync(fixture('pil-444-rst.jpg'));
		// The same coefficients, recoded progressive by jpegtran (DC passes with successive approximation, then AC bands).
		const progressive = fixture('pil-444-rst-progressive.jpg');
		assert.notDeepEqual(readFileSync(progressive), bytes);
		const full = fullDecode(progressive);
		const {mean, max} = differences(blockMeans(full, 8), decoded(progressive, 8));
		assert.ok(mean < 1 && max <= 3, `mean difference ${mean}, largest ${max}`);
	});

	it('leaves progressive JPEGs to the full decoder at 1/4 and 1/2, and with subsampled chroma', () => {
		for (const name of ['prog.jpg', 'pil-prog-420.jpg', 'pil-prog-422-rst.jpg']) {
			for (const scale of [8, 4, 2] as const) {
				const result = decodeScaledJpeg(readFileSync(fixture(name)), () => scale, LIMIT);
				assert.ok('unsupported' in result && result.unsupported.includes('progressive'), `${name} at 1/${scale}`);
			}
		}
	});

	it('refuses a frame larger than the limit before allocating anything', () => {
		const bytes = Buffer.from(readFileSync(fixture('pil-420.jpg')));
		const frame = bytes.indexOf(Buffer.from([0xff, 0xc0]));
		bytes.writeUInt16BE(65_535, frame + 5);
		bytes.writeUInt16BE(65_535, frame + 7);
		const before = process.memoryUsage().arrayBuffers;
		assert.throws(
			() => decodeScaledJpeg(bytes, () => 8, LIMIT),
			(error: Error) => error instanceof Invalid && error.message.includes('too large'),
		);
		assert.ok(process.memoryUsage().arrayBuffers - before < 1024 * 1024);
	});

	it('fails cleanly on broken Huffman data, a cut scan and a missing restart marker', () => {
		const bytes = readFileSync(fixture('s422-rst.jpg'));
		const scan = bytes.indexOf(Buffer.from([0xff, 0xda]));
		const dataStart = scan + 2 + bytes.readUInt16BE(scan + 2);
		// All 1 bits: no JPEG Huffman table has a code of sixteen 1s.
		const ones = Buffer.from(bytes);
		for (let at = dataStart; at < dataStart + 64; at += 2) ones.set([0xff, 0x00], at);
		assert.throws(() => decodeScaledJpeg(ones, () => 8, LIMIT), Invalid);
		for (const scale of [8, 2] as const) assert.throws(() => decodeScaledJpeg(bytes.subarray(0, dataStart + 300), () => scale, LIMIT), Invalid);
		const firstRestart = bytes.indexOf(Buffer.from([0xff, 0xd0]), dataStart);
		const wrongRestart = Buffer.from(bytes);
		wrongRestart[firstRestart + 1] = 0xd3;
		assert.throws(() => decodeScaledJpeg(wrongRestart, () => 4, LIMIT), /expected RST0/);
	});

	it('fails on an over-full Huffman table', () => {
		const bytes = Buffer.from(readFileSync(fixture('pil-420.jpg')));
		const table = bytes.indexOf(Buffer.from([0xff, 0xc4]));
		bytes[table + 5] = 3; // three codes of length 1
		assert.throws(() => decodeScaledJpeg(bytes, () => 8, LIMIT), Invalid);
	});
});

/** Each cell's background colour in a `spaces` preview (one pixel a cell): the pixels the worker drew. */
function cellColours(text: string): number[][][] {
	return text.split('\n').map(line => {
		const row: number[][] = [];
		let colour: number[] = [];
		for (const [, parameters, spaces] of line.matchAll(/\u001B\[48;2;([\d;]+)m|( +)/g)) {
			if (parameters) colour = parameters.split(';').map(Number);
			else row.push(...Array.from(spaces!, () => colour));
		}

		return row;
	});
}

describe('preview worker: scaled decoding draws what the full decode drew', {timeout: 60_000}, () => {
	const renderer = new PreviewRenderer(3);
	after(async () => renderer.close());
	const sizes = [
		[11, 4],
		[30, 10],
		[116, 34],
	] as const;

	for (const file of [...BASELINE, large]) {
		it(`${path.basename(file)}: every text mode at panel and zoom sizes has the cells of before, colours within a few levels of the whole picture's`, async () => {
			const full = fullDecode(file);
			// The old path: jpeg-js, kept at most 800x600, box-filtered to the cells (for up to 800x600, the whole picture box-filtered).
			const keep = Math.min(1, 800 / full.width, 600 / full.height);
			const thumbnail = scaleImage(full, Math.max(1, Math.round(full.width * keep)), Math.max(1, Math.round(full.height * keep)));
			for (const [columns, rows] of sizes) {
				const cells = fitCells(thumbnail.width, thumbnail.height, columns, rows);
				for (const mode of TEXT_CELL_MODES) {
					const lines = (await renderer.render(file, columns, rows, mode)).split('\n');
					assert.equal(lines.length, cells.rows, `${mode} ${columns}x${rows}`);
					assert.ok(
						lines.every(line => [...line.replaceAll(/\u001B\[[\d;]*m/g, '')].length === cells.columns),
						`${mode} ${columns}x${rows}: ${cells.columns} columns`,
					);
				}

				// One pixel a cell: the colours themselves, against the whole picture box-filtered to the cells, and the old path's.
				const truth = scaleImage(full, cells.columns, cells.rows);
				const before = scaleImage(thumbnail, cells.columns, cells.rows);
				const drawn = cellColours(await renderer.render(file, columns, rows, 'spaces'));
				let worst = 0;
				let worstBefore = 0;
				for (let y = 0; y < truth.height; y++) {
					for (let x = 0; x < truth.width; x++) {
						for (let channel = 0; channel < 3; channel++) {
							const at = (y * truth.width + x) * 3 + channel;
							worst = Math.max(worst, Math.abs(drawn[y]![x]![channel]! - truth.data[at]!));
							worstBefore = Math.max(worstBefore, Math.abs(before.data[at]! - truth.data[at]!));
						}
					}
				}

				assert.ok(worst <= Math.max(6, worstBefore), `${columns}x${rows}: a cell ${worst} levels off (before: ${worstBefore})`);
			}
		});
	}
});

describe('preview worker: pixel pictures from a scaled decode take the cells of before', {timeout: 60_000}, () => {
	const renderer = new PreviewRenderer(3);
	after(async () => renderer.close());
	const wide = path.join(folder, 'simulated-1280x720.jpg');
	writeFileSync(wide, renderPicture(3, 2, 12, {width: 1280, height: 720}));

	it("kitty, sixel and iTerm2 pictures are fitted by the JPEG's own shape, not by the rounded size of its scaled decode", async () => {
		const cell = {width: 8, height: 16};
		// 1280x720 in at most 31x8 cells of 8x16: 28 columns by the JPEG's shape; 29 by a 228x128 decode of it.
		for (const [columns, rows] of [
			[31, 8],
			[11, 4],
			[116, 34],
		] as const) {
			const expected = fitCellBox(1280, 720, columns, rows, cell);
			for (const mode of ['kitty', 'sixel', 'iterm'] as const) {
				const picture = await renderer.renderPicture(wide, columns, rows, mode, {cell, tmux: false, imageId: 7});
				assert.deepEqual([picture.columns, picture.rows], [expected.columns, expected.rows], `${mode} in ${columns}x${rows}`);
			}
		}
	});
});
