/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {after, describe, it} from 'node:test';
import jpeg from 'jpeg-js';
import App from '../../../source/dashboard/app.js';
import {ImageHistory} from '../../../source/dashboard/history/image-history.js';
import {fileTimestamp} from '../../../source/io/store/timestamps.js';
import {checkJpeg} from '../../../source/core/jpeg/strict-jpeg.js';
import {renderPicture} from '../../../source/simulator/jpeg-factory.js';
import {KeyStream} from '../../../source/terminal/keyboard.js';
import {decodePartialJpeg, type PartialDecode} from '../../../source/dashboard/preview/decode-partial.js';
import {PreviewCache} from '../../../source/dashboard/preview/preview-cache.js';
import {PreviewRenderer} from '../../../source/dashboard/preview/preview-renderer.js';
import {feedOpenImage, modelWithPipeline} from '../../helpers/fake-session.js';
import {show} from '../../helpers/ink-render.js';
import {tempDir} from '../../helpers/temp-dir.js';

const LIMITS = {maxResolutionInMP: 6, maxMemoryUsageInMB: 64};
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));
/** jpeg-js's (the simulator's) JPEGs, 4:4:4 without restart markers; libjpeg-turbo's with restart markers, 4:2:2 and greyscale. */
const IMAGES: Record<string, Buffer> = {
	'simulator 160x120': renderPicture(2, 1, 6, {width: 160, height: 120}),
	'simulator 320x240': renderPicture(3, 4, 12, {width: 320, height: 240}),
	's422-rst.jpg': fixture('s422-rst.jpg'),
	'gray-rst.jpg': fixture('gray-rst.jpg'),
};
const WITH_RESTARTS = ['s422-rst.jpg', 'gray-rst.jpg'];
const GREY = 128;
/** The tallest MCU of these images (16 rows): below decodedRows plus that, every pixel is grey. */
const MCU_ROWS = 16;

const wholeDecode = (image: Buffer) => jpeg.decode(image, {useTArray: true, formatAsRGBA: false});
/** The image with 250 bytes from `at` lost, as a chunk lost on the air leaves it (no hole in the numbering). */
const withHole = (image: Buffer, at: number) => Buffer.concat([image.subarray(0, at), image.subarray(at + 250)]);

function drawn(result: PartialDecode, what: string): Extract<PartialDecode, {drawn: true}> {
	if (!result.drawn) assert.fail(`${what}: cannot be drawn: ${result.why}`);
	return result;
}

/** The decoded rows are the whole image's rows; everything from one MCU row below them is grey. */
function assertDecodedThenGrey(result: Extract<PartialDecode, {drawn: true}>, whole: {width: number; height: number; data: Uint8Array}, what: string): void {
	const {image, decodedRows} = result;
	assert.deepEqual([image.width, image.height], [whole.width, whole.height], what);
	let largest = 0;
	for (let index = 0; index < decodedRows * image.width * 3; index++) largest = Math.max(largest, Math.abs(image.data[index]! - whole.data[index]!));
	assert.ok(largest <= 2, `${what}: decoded rows differ from the whole image's by up to ${largest}`);
	const greyFrom = Math.min(image.height, decodedRows + MCU_ROWS) * image.width * 3;
	const notGrey = image.data.subarray(greyFrom).findIndex(value => value !== GREY);
	assert.equal(notGrey, -1, `${what}: a pixel below the decoded part is not grey`);
}

describe('an incomplete JPEG drawn partly', () => {
	it('cut anywhere from 10% to 95%: the share drawn rises with the cut, drawn rows are the real ones, the rest grey', () => {
		for (const [name, image] of Object.entries(IMAGES)) {
			const whole = wholeDecode(image);
			let lastShare = 0;
			let drawnCuts = 0;
			for (let percent = 10; percent <= 95; percent += 5) {
				const cut = image.subarray(0, Math.floor((image.length * percent) / 100));
				const what = `${name} cut at ${percent}%`;
				assert.throws(() => wholeDecode(cut), Error, `${what}: jpeg-js should fail on it`);
				const result = decodePartialJpeg(cut, LIMITS);
				if (!result.drawn) {
					// Only a cut inside the header (before the picture data) cannot be drawn at all.
					assert.equal(drawnCuts, 0, `${what}: ${result.why}`);
					assert.match(result.why, /runs past the end|ends inside a segment|no marker/, what);
					continue;
				}

				drawnCuts++;
				assert.ok(result.share >= lastShare && result.share < 1, `${what}: share ${result.share} after ${lastShare}`);
				assert.equal(result.scrambled, false, what);
				lastShare = result.share;
				assertDecodedThenGrey(result, whole, what);
			}

			assert.ok(drawnCuts >= 12, `${name}: only ${drawnCuts} cuts drawn`);
			assert.ok(lastShare > 0.85, `${name}: cut at 95%, only ${lastShare} drawn`);
		}
	});

	it('with a 250-byte hole and restart markers: drawn up to the restart interval the hole is in, the rest grey', () => {
		for (const name of WITH_RESTARTS) {
			const image = IMAGES[name]!;
			const whole = wholeDecode(image);
			let lastShare = 0;
			for (let at = 750; at + 250 < image.length - 2; at += 250) {
				const what = `${name} without bytes ${at}..${at + 250}`;
				const result = drawn(decodePartialJpeg(withHole(image, at), LIMITS), what);
				assert.ok(result.share >= lastShare && result.share < 1, `${what}: share ${result.share} after ${lastShare}`);
				assert.equal(result.scrambled, false, what);
				lastShare = result.share;
				assertDecodedThenGrey(result, whole, what);
			}

			assert.ok(lastShare > 0.6, `${name}: hole near the end, only ${lastShare} drawn`);
		}
	});

	it('with a hole and no restart markers: drawn as far as it decodes, said to be scrambled, nothing thrown', () => {
		for (const name of ['simulator 160x120', 'simulator 320x240']) {
			const image = IMAGES[name]!;
			for (let at = 750; at + 250 < image.length - 2; at += 250) {
				const result = drawn(decodePartialJpeg(withHole(image, at), LIMITS), `${name} without bytes ${at}..${at + 250}`);
				assert.equal(result.scrambled, true);
				assert.ok(result.share < 1);
			}
		}
	});

	it('a whole JPEG is drawn whole; what cannot be drawn at all says why', () => {
		for (const image of Object.values(IMAGES)) {
			const result = drawn(decodePartialJpeg(image, LIMITS), 'whole');
			assert.deepEqual([result.share, result.scrambled], [1, false]);
			assert.deepEqual(result.image.data, wholeDecode(image).data);
		}

		const image = IMAGES['simulator 160x120']!;
		const why = (bytes: Uint8Array) => {
			const result = decodePartialJpeg(bytes, LIMITS);
			return result.drawn ? 'drawn' : result.why;
		};

		assert.match(why(Buffer.from('hello, not a JPEG')), /no SOI/);
		assert.match(why(image.subarray(0, 200)), /runs past the end|ends inside a segment/);
		assert.match(why(fixture('prog.jpg').subarray(0, 1500)), /unsupported JPEG process/);
		const noHuffmanTables = Buffer.concat([image.subarray(0, image.indexOf(Buffer.from([0xff, 0xc4]))), Buffer.from([0xff, 0xd9])]);
		assert.match(why(noHuffmanTables), /never scanned|no frame header|no scan/);
	});

	it('refuses a hostile frame size before decoding anything (a 65535x65535 header on a small cut JPEG)', () => {
		const image = Buffer.from(IMAGES['simulator 160x120']!.subarray(0, 1500));
		const sof = image.indexOf(Buffer.from([0xff, 0xc0]));
		image.writeUInt16BE(65_535, sof + 5);
		image.writeUInt16BE(65_535, sof + 7);
		const result = decodePartialJpeg(image, LIMITS);
		assert.equal(result.drawn, false);
		assert.match((result as {why: string}).why, /too large to draw: 65535x65535/);
		// Within the limits, a large frame with little data behind it decodes to a bounded, mostly grey picture.
		image.writeUInt16BE(1200, sof + 5);
		image.writeUInt16BE(1600, sof + 7);
		const large = drawn(decodePartialJpeg(image, LIMITS), '1600x1200');
		assert.deepEqual([large.image.width, large.image.height], [1600, 1200]);
		assert.ok(large.share < 0.05);
	});

	it('leaves the strict check as it was: a cut or holed JPEG still fails it', () => {
		for (const image of Object.values(IMAGES)) {
			assert.deepEqual(checkJpeg(image), {ok: true});
			assert.equal(checkJpeg(image.subarray(0, image.length >> 1)).ok, false);
			assert.equal(checkJpeg(withHole(image, 750)).ok, false);
		}
	});
});

describe('the preview worker and the zoom view draw a cut JPEG partly', {timeout: 30_000}, () => {
	const renderer = new PreviewRenderer(3);
	after(async () => renderer.close());
	const folder = tempDir('partial-jpeg-');
	const cut = IMAGES['s422-rst.jpg']!.subarray(0, 1800);

	it('the worker draws it and says how much', async () => {
		const file = path.join(folder, 'cut.jpg');
		writeFileSync(file, cut);
		const picture = await renderer.renderPicture(file, 40, 10, 'half');
		assert.match(picture.partial ?? '', /^\d+% decoded$/);
		assert.equal(picture.text.split('\n').length, 10);
		// The lower part is grey: the last line's cells are all the same grey.
		const lastLine = picture.text.split('\n').at(-1)!;
		assert.deepEqual(new Set(lastLine.match(/\d+;\d+;\d+(?=m)/g)), new Set(['128;128;128']));
		const headerOnly = path.join(folder, 'header-only.jpg');
		writeFileSync(headerOnly, cut.subarray(0, 200));
		await assert.rejects(renderer.renderPicture(headerOnly, 40, 10, 'half'), /runs past the end|ends inside a segment/);
	});

	it("the zoom view's caption says how much is drawn", async () => {
		const camera = 0x240a_c400_8d10;
		const base = new Date(2026, 10, 24, 1, 0, 0).getTime();
		const out = path.join(folder, 'out');
		mkdirSync(path.join(out, 'incomplete'), {recursive: true});
		writeFileSync(path.join(out, 'incomplete', `240ac4008d10_${fileTimestamp(base * 1000)}_timeout.jpg`), cut);
		const history = new ImageHistory(out);
		await history.index();
		const {pipeline, model} = modelWithPipeline();
		feedOpenImage(pipeline, camera, 1);
		const keys = new KeyStream();
		const {lastFrame} = show(<App model={model} previews={new PreviewCache(renderer.renderPicture)} previewsAllowed keys={keys} onQuit={() => undefined} history={history} />);
		for (let waited = 0; !(lastFrame() ?? '').includes('q quit'); waited += 20) {
			if (waited > 5000) assert.fail(`no dashboard:\n${lastFrame()}`);
			await delay(20);
		}

		keys.feed('\r');
		for (let waited = 0; !/incomplete: timeout · \d+% decoded · /.test(lastFrame() ?? ''); waited += 20) {
			if (waited > 10_000) assert.fail(`no partial note:\n${lastFrame()}`);
			await delay(20);
		}

		assert.doesNotMatch(lastFrame()!, /cannot be drawn/);
	});
});
