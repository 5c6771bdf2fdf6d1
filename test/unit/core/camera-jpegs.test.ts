import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {Pipeline} from '../../../source/session/pipeline.js';
import {checkJpeg} from '../../../source/core/jpeg/strict-jpeg.js';
import {jpegShape} from '../../../source/core/reassembly/jpeg-shape.js';
import {wakeFrames} from '../../helpers/camera-frames.js';
import {fixture, NOISY_FILE, padded, PILLOW_FILES, without} from '../../helpers/camera-jpegs.js';
import {encodeFrames} from '../../helpers/encode-frames.js';
import {tempDir} from '../../helpers/temp-dir.js';

const pillow = PILLOW_FILES.map(name => ({name, image: fixture(name)}));
const has = (image: Buffer, marker: number) => image.includes(Buffer.from([0xff, marker]));
const why = (image: Buffer) => {
	const verdict = checkJpeg(image);
	return verdict.ok ? 'ok' : verdict.why;
};

describe('strict check of real encoder output (Pillow)', () => {
	it('covers 4:2:0, 4:2:2 and 4:4:4, restart markers, sequential and progressive', () => {
		const sampling = (image: Buffer) => image[image.indexOf(Buffer.from([0xff, has(image, 0xc2) ? 0xc2 : 0xc0])) + 11];
		assert.deepEqual(
			pillow.map(({image}) => [sampling(image), has(image, 0xdd), has(image, 0xc2)]),
			[
				[0x22, false, false],
				[0x21, true, false],
				[0x11, true, false],
				[0x22, false, true],
				[0x21, true, true],
			],
		);
	});

	it('passes each whole, and followed by padding after EOI: zero bytes, FF fill, or both', () => {
		for (const {name, image} of pillow) {
			for (const candidate of [image, padded(image, 3000), padded(image, 100, 0xff), padded(padded(image, 7), 9, 0xff)]) {
				assert.equal(why(candidate), 'ok', `${name}, ${candidate.length - image.length} bytes after EOI`);
			}
		}
	});

	it('fails each with a 250-byte chunk lost anywhere, padded or not', () => {
		for (const {name, image} of pillow) {
			for (const sent of [image, padded(image, 600)]) {
				for (let at = 2; at < image.length - 2; at += 50) assert.notEqual(why(without(sent, at, 250)), 'ok', `${name}: 250 bytes lost at ${at} of ${sent.length}`);
			}
		}
	});

	it('fails one whose data ends before EOI', () => {
		for (const {name, image} of pillow) {
			for (const length of [200, image.length - 300, image.length - 1]) assert.match(why(image.subarray(0, length)), /ends|EOI|missing|past the end/, `${name} cut at ${length}`);
		}
	});

	it('fails a busy picture whose lost chunk leaves the block count right: after it, the DC goes out of range', () => {
		const image = fixture(NOISY_FILE);
		assert.equal(why(image), 'ok');
		for (const at of [712, 1192, 1532]) assert.match(why(without(image, at, 250)), /^DC out of range at byte \d+ \(data missing\)$/, `250 bytes lost at ${at}`);
	});

	it('fails a progressive JPEG that lost a whole scan: every coefficient must be coded to its last bit', () => {
		const image = fixture('pil-prog-420.jpg');
		const lastScan = image.lastIndexOf(Buffer.from([0xff, 0xda]));
		assert.match(why(without(image, lastScan, image.length - 2 - lastScan)), /^coefficient \d+ of component \d+ never fully coded$/);
	});

	it('fails what follows EOI when it is not padding: another JPEG, or other bytes', () => {
		const [first, second] = [pillow[0]!.image, pillow[1]!.image];
		const joined = Buffer.concat([first, second.subarray(0, 250)]);
		assert.equal(why(joined), `250 bytes after EOI that are not padding, another JPEG from byte ${first.length}`);
		assert.equal(why(Buffer.concat([padded(first, 20), Buffer.from('EOF!')])), `24 bytes after EOI that are not padding, from byte ${first.length + 20}`);
	});
});

describe('jpegShape: where the bytes of an image without HASH end', () => {
	const image = pillow[3]!.image;
	it('whole: EOI last, or followed by padding (also when the last padding chunk was lost)', () => {
		assert.equal(jpegShape(image), 'whole');
		assert.equal(jpegShape(padded(image, 1000)), 'whole');
		assert.equal(jpegShape(padded(image, 1000, 0xff)), 'whole');
		assert.equal(jpegShape(padded(image, 1000).subarray(0, image.length + 10)), 'whole');
	});

	it('truncated only when the data ends before the EOI, also where the last bytes are zero', () => {
		assert.equal(jpegShape(image.subarray(0, 900)), 'truncated');
		assert.equal(jpegShape(padded(image.subarray(0, 900), 30)), 'truncated');
		assert.equal(jpegShape(image.subarray(0, image.length - 1)), 'truncated');
	});

	it('a whole JPEG followed by something else is for the strict check to judge, not truncated', () => {
		assert.equal(jpegShape(Buffer.concat([image, pillow[0]!.image.subarray(0, 300)])), 'whole');
		assert.equal(jpegShape(Buffer.concat([image, Buffer.from('EOF!')])), 'whole');
		assert.equal(jpegShape(Buffer.from('EOF!')), 'not-jpeg');
	});
});

describe('camera JPEGs without HASH through the monitor', () => {
	it('keeps the whole ones, padding and all, byte for byte; judges the damaged ones by what really happened', async () => {
		const first = pillow[0]!.image;
		const cases: {sent: Buffer; expect: string}[] = [
			...pillow.map(({image}) => ({sent: padded(image, 700), expect: 'unverified'})),
			...pillow.map(({image}) => ({sent: padded(image, 300, 0xff), expect: 'unverified'})),
			{sent: first.subarray(0, 1000), expect: 'incomplete truncated'},
			{sent: without(padded(first, 600), 500, 250), expect: 'incomplete undecodable'},
			{sent: Buffer.concat([first, pillow[1]!.image.subarray(0, 500)]), expect: 'incomplete undecodable'},
		];
		const out = tempDir();
		const pipeline = new Pipeline({outDir: out});
		const seen = new Map<number, {outcome: string; path?: string; detail?: string}>();
		pipeline.on(event => {
			if (event.kind === 'image') seen.set(event.mac, {outcome: `${event.outcome} ${event.reason ?? ''}`.trim(), path: event.path, detail: event.detail});
		});
		await pipeline.start();
		const mac = (index: number) => 0x240a1b2c3d00 + index;
		for (const [index, {sent}] of cases.entries()) pipeline.push(encodeFrames(wakeFrames(mac(index), sent, {withHash: false})));
		await pipeline.finish();
		for (const [index, {sent, expect}] of cases.entries()) {
			const result = seen.get(mac(index))!;
			assert.equal(result.outcome, expect, `case ${index}: ${result.detail}`);
			assert.deepEqual(readFileSync(result.path!), sent, `case ${index}: the bytes as received`);
		}

		assert.match(seen.get(mac(cases.length - 1))!.detail!, /^500 bytes after EOI that are not padding, another JPEG from byte \d+$/);
	});
});
