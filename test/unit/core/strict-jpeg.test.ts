import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {JpegChecker} from '../../../source/io/jpeg-check/jpeg-checker.js';
import {checkJpeg} from '../../../source/core/jpeg/strict-jpeg.js';
import {Pipeline} from '../../../source/session/pipeline.js';
import {renderPicture} from '../../../source/simulator/jpeg-factory.js';
import {wakeFrames} from '../../helpers/camera-frames.js';
import {fixture, without} from '../../helpers/camera-jpegs.js';
import {encodeFrames} from '../../helpers/encode-frames.js';
import {tempDir} from '../../helpers/temp-dir.js';

/** Made by libjpeg-turbo's cjpeg: 4:2:2 with a restart marker every MCU row, greyscale with restarts every 2 blocks, and progressive. */
const LIBJPEG_FILES = ['s422-rst.jpg', 'gray-rst.jpg', 'prog.jpg'];
const picture = renderPicture(2, 1, 6, {width: 160, height: 120});

describe('strict JPEG check', () => {
	it('passes whole JPEGs from two encoders (jpeg-js; libjpeg-turbo with restart markers and subsampling)', () => {
		for (const image of [picture, ...LIBJPEG_FILES.map(fixture)]) assert.deepEqual(checkJpeg(image), {ok: true});
	});

	it('fails every image with one 250-byte chunk lost, wherever it was', () => {
		for (const image of [picture, ...LIBJPEG_FILES.map(fixture)]) {
			for (let at = 250; at + 250 < image.length - 2; at += 250) {
				const verdict = checkJpeg(without(image, at, 250));
				assert.equal(verdict.ok, false, `chunk at ${at} of ${image.length}`);
			}
		}
	});

	it('fails a cut one, junk after EOI, and says arithmetic-coded JPEGs cannot be checked', () => {
		assert.match((checkJpeg(picture.subarray(0, 1000)) as {why: string}).why, /ends|EOI|missing/);
		assert.match((checkJpeg(Buffer.concat([picture, Buffer.from([0, 1])])) as {why: string}).why, /after EOI/);
		const arithmetic = Buffer.from(fixture('prog.jpg'));
		arithmetic[arithmetic.indexOf(Buffer.from([0xff, 0xc2])) + 1] = 0xca;
		assert.match((checkJpeg(arithmetic) as {why: string}).why, /unsupported JPEG process \(marker ffca\)/);
		assert.equal(checkJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xd9])).ok, false);
	});

	it('refuses a progressive frame too large to keep its coefficients for, before decoding (a 65535x65535 header)', () => {
		const image = Buffer.from(fixture('prog.jpg'));
		const sof = image.indexOf(Buffer.from([0xff, 0xc2]));
		image.writeUInt16BE(65_535, sof + 5);
		image.writeUInt16BE(65_535, sof + 7);
		assert.deepEqual(checkJpeg(image), {ok: false, why: 'progressive and too large to check: 65535x65535 pixels'});
	});

	it('JpegChecker judges off the main thread, in order, and bounds the time of each check', async () => {
		const checker = new JpegChecker();
		try {
			const verdicts = await Promise.all([checker.check(picture), checker.check(without(picture, 500, 250)), checker.check(fixture('s422-rst.jpg'))]);
			assert.deepEqual(
				verdicts.map(v => v.ok),
				[true, false, true],
			);
			assert.equal(checker.pendingBytes, 0);
		} finally {
			await checker.close();
		}

		// More than its shared ring holds at once, and one image larger than the whole ring (copied to the worker instead).
		const many = new JpegChecker();
		try {
			const images = Array.from({length: 400}, (_, i) => (i % 3 === 1 ? without(picture, 500, 250) : picture));
			const huge = Buffer.concat([picture.subarray(0, -2), Buffer.alloc(2 * 1024 * 1024), Buffer.from([0xff, 0xd9])]);
			const verdicts = await Promise.all([...images.map(async image => many.check(image)), many.check(huge), many.check(picture)]);
			assert.deepEqual(
				verdicts.map(v => v.ok),
				[...images.map((_, i) => i % 3 !== 1), false, true],
			);
		} finally {
			await many.close();
		}

		// A limit no check can meet: the check counts as failed, and the next one still gets an answer.
		const hasty = new JpegChecker(1);
		try {
			const [first, second] = await Promise.all([hasty.check(picture), hasty.check(picture)]);
			assert.deepEqual(first, {ok: false, why: 'decoding took longer than 0.001 s'});
			assert.equal(second.ok, false);
		} finally {
			await hasty.close();
		}
	});
});

describe('images without HASH on disk', () => {
	it('a whole JPEG goes among the good images as unverified; one with a chunk lost on the air goes to incomplete/ as undecodable', async () => {
		const out = tempDir();
		const pipeline = new Pipeline({outDir: out});
		const lines: string[] = [];
		pipeline.on(event => {
			if (event.kind === 'image') lines.push(`${event.outcome} ${event.reason ?? ''} ${event.detail ?? ''}`.trim());
		});
		await pipeline.start();
		const camera = 0x240a1b2c3d4e;
		pipeline.push(encodeFrames(wakeFrames(camera, picture, {withHash: false})));
		pipeline.push(encodeFrames(wakeFrames(camera, without(picture, 750, 250), {withHash: false})));
		await pipeline.finish();
		assert.equal(lines.length, 2);
		assert.equal(lines[0], 'unverified');
		assert.match(lines[1]!, /^incomplete undecodable .+/);
		const good = readdirSync(out).filter(name => name.endsWith('.jpg'));
		assert.equal(good.length, 1);
		assert.deepEqual(readFileSync(path.join(out, good[0]!)), picture);
		assert.match(readdirSync(path.join(out, 'incomplete')).join(), /_undecodable\.jpg$/);
		const stats = pipeline.reassembler.cameraStats.get(camera)!;
		assert.deepEqual(stats.images, {verified: 0, unverified: 1, incomplete: 1});
	});
});
