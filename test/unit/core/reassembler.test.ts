import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FrameType} from '../../../source/core/protocol/constants.js';
import type {Frame} from '../../../source/core/protocol/frame-decoder.js';
import {hashPayload} from '../../../source/core/protocol/frame-encoder.js';
import {Reassembler, type ImageResult, type Telemetry} from '../../../source/core/reassembly/reassembler.js';
import {fakeJpeg, sha256Hex, wakeFrames} from '../../helpers/camera-frames.js';

const CAM_A = 0x240a1b2c3d4e;
const CAM_B = 0x112233445566;

/** Images handed over for the strict decode (whole JPEGs without HASH) are taken as decoded here. */
function harness(options?: ConstructorParameters<typeof Reassembler>[1]) {
	const images: ImageResult[] = [];
	const toDecode: ImageResult[] = [];
	const telemetry: Telemetry[] = [];
	const reassembler: Reassembler = new Reassembler(
		{
			image: result => images.push(result),
			unverified(result) {
				toDecode.push(result);
				images.push(reassembler.settleUnverified(result, undefined));
			},
			telemetry: t => telemetry.push(t),
		},
		options,
	);
	const feed = (frames: Frame[], now = 0) => {
		for (const frame of frames) reassembler.frame(frame, now);
	};

	return {reassembler, images, toDecode, telemetry, feed};
}

describe('Reassembler', () => {
	it('verifies an intact image whose SHA-256 matches the HASH', () => {
		const image = fakeJpeg(1234);
		const {images, telemetry, feed, reassembler} = harness();
		feed(wakeFrames(CAM_A, image, {voltage: 73}), 1000);
		assert.equal(images.length, 1);
		assert.equal(images[0]!.outcome, 'verified');
		assert.deepEqual(images[0]!.data, image);
		assert.equal(images[0]!.chunks, 5);
		assert.deepEqual(telemetry, [{mac: CAM_A, batteryPercent: 73, reading: '73', inRange: true, captureFailed: false, atMs: 1000}]);
		const stats = reassembler.cameraStats.get(CAM_A)!;
		assert.deepEqual(stats.images, {verified: 1, unverified: 0, incomplete: 0});
		assert.equal(stats.frames, 7);
		assert.equal(stats.lastBatteryPercent, 73);
		assert.equal(stats.lastImageAt, 1000);
		assert.equal(stats.receiving, undefined);
	});

	it('hands a whole JPEG without HASH over for the strict decode, then calls it unverified', () => {
		const image = fakeJpeg(600);
		const {images, toDecode, feed, reassembler} = harness();
		feed(wakeFrames(CAM_A, image, {withHash: false}));
		assert.deepEqual(
			toDecode.map(i => i.data),
			[image],
		);
		assert.equal(images[0]!.outcome, 'unverified');
		assert.deepEqual(reassembler.cameraStats.get(CAM_A)!.images, {verified: 0, unverified: 1, incomplete: 0});
	});

	it('counts an image without HASH that fails the strict decode as incomplete: undecodable, with the why', () => {
		const results: ImageResult[] = [];
		const reassembler: Reassembler = new Reassembler({
			image: result => results.push(result),
			unverified: result => results.push(reassembler.settleUnverified(result, 'scan ends early at byte 300')),
			telemetry: () => undefined,
		});
		for (const frame of wakeFrames(CAM_A, fakeJpeg(600), {withHash: false})) reassembler.frame(frame, 7);
		assert.deepEqual(
			results.map(i => [i.outcome, i.reason, i.detail]),
			[['incomplete', 'undecodable', 'scan ends early at byte 300']],
		);
		const stats = reassembler.cameraStats.get(CAM_A)!;
		assert.deepEqual(stats.images, {verified: 0, unverified: 0, incomplete: 1});
		assert.equal(stats.lastReason, 'undecodable');
		assert.equal(stats.lastImageAt, undefined);
	});

	it('never calls bytes without HASH good unless they are a whole JPEG: truncated, not-jpeg', () => {
		const frames = wakeFrames(CAM_A, fakeJpeg(1000), {withHash: false});
		const {images, toDecode, feed} = harness();
		feed([...frames.slice(0, -2), frames.at(-1)!]);
		feed(wakeFrames(CAM_A, Buffer.from('not a jpeg at all'), {withHash: false}));
		// The tail of an image after a relay reboot: numbered afresh from DATA 1, no HASH.
		feed(wakeFrames(CAM_A, fakeJpeg(1500).subarray(750), {withHash: false}));
		assert.deepEqual(
			images.map(i => [i.outcome, i.reason]),
			[
				['incomplete', 'truncated'],
				['incomplete', 'not-jpeg'],
				['incomplete', 'not-jpeg'],
			],
		);
		assert.deepEqual(toDecode, []);
	});

	it('marks a hole in the DATA sequence as a gap and counts the missing frames', () => {
		const frames = wakeFrames(CAM_A, fakeJpeg(2000));
		const {images, feed, reassembler} = harness();
		feed(frames.filter(f => f.type !== FrameType.Data || (f.sequence !== 3 && f.sequence !== 4)));
		assert.equal(images[0]!.outcome, 'incomplete');
		assert.equal(images[0]!.reason, 'gap');
		assert.equal(images[0]!.missingFrames, 2);
		assert.equal(images[0]!.data.length, 2000 - 500);
		const stats = reassembler.cameraStats.get(CAM_A)!;
		assert.equal(stats.gaps, 1);
		assert.equal(stats.missingFrames, 2);
	});

	it('marks an image whose first chunks were lost (no HASH) as a gap', () => {
		const frames = wakeFrames(CAM_A, fakeJpeg(1000), {withHash: false});
		const {images, feed} = harness();
		feed(frames.slice(1));
		assert.equal(images[0]!.reason, 'gap');
		assert.equal(images[0]!.missingFrames, 1);
	});

	it('detects a lost last chunk through the hash', () => {
		const frames = wakeFrames(CAM_A, fakeJpeg(1000));
		const {images, feed} = harness();
		feed([...frames.slice(0, -2), frames.at(-1)!]);
		assert.equal(images[0]!.outcome, 'incomplete');
		assert.equal(images[0]!.reason, 'hash-mismatch');
	});

	it('detects altered data through the hash', () => {
		const image = fakeJpeg(1000);
		const frames = wakeFrames(CAM_A, image);
		frames[2] = {...frames[2]!, payload: Buffer.from(frames[2]!.payload).fill(0, 0, 10)};
		const {images, feed} = harness();
		feed(frames);
		assert.equal(images[0]!.reason, 'hash-mismatch');
	});

	it('closes an image that never got its EOF when a HASH or DATA seq 1 arrives: superseded, unless its bytes are whole', () => {
		const first = wakeFrames(CAM_A, fakeJpeg(700, 1));
		const second = wakeFrames(CAM_A, fakeJpeg(700, 2));
		const third = wakeFrames(CAM_A, fakeJpeg(700, 3), {withHash: false});
		const fourth = wakeFrames(CAM_A, fakeJpeg(700, 4), {withHash: false});
		const {images, feed} = harness();
		// The first and third lose their last chunk and EOF; the second only its EOF.
		feed([...first.slice(0, -2), ...second.slice(0, -1), ...third.slice(0, -2), ...fourth]);
		assert.deepEqual(
			images.map(i => [i.outcome, i.reason]),
			[
				['incomplete', 'superseded'],
				['verified', undefined],
				['incomplete', 'superseded'],
				['unverified', undefined],
			],
		);
		assert.deepEqual(images[0]!.data, fakeJpeg(700, 1).subarray(0, 500));
		assert.deepEqual(images[1]!.data, fakeJpeg(700, 2));
	});

	it('an image whose EOF was lost is still verified by its hash when it times out or the program stops', () => {
		const {images, feed, reassembler} = harness({imageTimeoutMs: 20_000});
		feed(wakeFrames(CAM_A, fakeJpeg(900, 5)).slice(0, -1), 1000);
		reassembler.poll(21_000);
		feed(wakeFrames(CAM_B, fakeJpeg(900, 6)).slice(0, -1), 22_000);
		reassembler.closeAll(22_001);
		assert.deepEqual(
			images.map(i => [i.mac, i.outcome]),
			[
				[CAM_A, 'verified'],
				[CAM_B, 'verified'],
			],
		);
	});

	it('keeps cameras apart when their frames interleave', () => {
		const a = wakeFrames(CAM_A, fakeJpeg(3000, 5));
		const b = wakeFrames(CAM_B, fakeJpeg(2000, 6));
		const mixed: Frame[] = [];
		for (let i = 0; i < Math.max(a.length, b.length); i++) {
			if (a[i]) mixed.push(a[i]!);
			if (b[i]) mixed.push(b[i]!);
		}

		const {images, feed} = harness();
		feed(mixed);
		assert.deepEqual(
			images.map(i => [i.mac, i.outcome]),
			[
				[CAM_B, 'verified'],
				[CAM_A, 'verified'],
			],
		);
	});

	it('treats an all-zero hash as telemetry only', () => {
		const {images, telemetry, feed, reassembler} = harness();
		feed([{mac: CAM_A, type: FrameType.Hash, sequence: 0, payload: hashPayload('0'.repeat(64), 12)}], 5);
		feed([{mac: CAM_A, type: FrameType.Eof, sequence: 0, payload: Buffer.from('EOF!')}], 6);
		assert.deepEqual(images, []);
		assert.deepEqual(telemetry, [{mac: CAM_A, batteryPercent: 12, reading: '12', inRange: true, captureFailed: true, atMs: 5}]);
		assert.equal(reassembler.openImages, 0);
	});

	it('ignores HASH and EOF frames with impossible content and counts them', () => {
		const frames = wakeFrames(CAM_A, fakeJpeg(600));
		const {images, feed, reassembler} = harness();
		feed([
			...frames.slice(0, 2),
			{mac: CAM_A, type: FrameType.Eof, sequence: 0, payload: Buffer.alloc(250)}, // a DATA frame whose type bit flipped
			{mac: CAM_A, type: FrameType.Hash, sequence: 0, payload: Buffer.from('EOF!')},
			{mac: CAM_A, type: FrameType.Eof, sequence: 7, payload: Buffer.from('EOF!')},
			...frames.slice(2),
		]);
		assert.equal(images.length, 1);
		assert.equal(images[0]!.outcome, 'verified');
		assert.equal(reassembler.cameraStats.get(CAM_A)!.malformedFrames, 3);
	});

	it('times out an image that stops receiving', () => {
		const frames = wakeFrames(CAM_A, fakeJpeg(1000));
		const {images, feed, reassembler} = harness({imageTimeoutMs: 20_000});
		feed(frames.slice(0, 3), 1000);
		reassembler.poll(20_999);
		assert.equal(images.length, 0);
		assert.equal(reassembler.cameraStats.get(CAM_A)!.receiving?.chunks, 2);
		reassembler.poll(21_000);
		assert.deepEqual(
			images.map(i => [i.reason, i.data.length]),
			[['timeout', 500]],
		);
	});

	it('closes open images on shutdown', () => {
		const {images, feed, reassembler} = harness();
		feed(wakeFrames(CAM_A, fakeJpeg(1000)).slice(0, 2));
		feed(wakeFrames(CAM_B, fakeJpeg(1000)).slice(0, 3));
		reassembler.closeAll(9);
		assert.deepEqual(
			images.map(i => i.reason),
			['shutdown', 'shutdown'],
		);
		assert.equal(reassembler.openImages, 0);
	});

	it('closes an image that grows past the size limit', () => {
		const {images, feed, reassembler} = harness({maxImageBytes: 1000});
		feed(wakeFrames(CAM_A, fakeJpeg(3000)).slice(0, 8));
		assert.equal(images[0]!.reason, 'oversize');
		assert.ok(images[0]!.data.length <= 1000);
		assert.ok(reassembler.openImages <= 1);
	});

	it('bounds the bytes held by all open images together', () => {
		const {images, feed, reassembler} = harness({maxOpenBytes: 5000});
		for (let mac = 1; mac <= 10; mac++) feed(wakeFrames(mac, fakeJpeg(3000, mac)).slice(0, 8));
		assert.ok(images.length >= 5);
		assert.ok(images.every(image => image.reason === 'oversize'));
		assert.ok(reassembler.openImages * 1750 <= 5000 + 1750);
	});

	it('accepts an upper-case hash', () => {
		const image = fakeJpeg(600);
		const frames = wakeFrames(CAM_A, image);
		frames[0] = {...frames[0]!, payload: hashPayload(sha256Hex(image).toUpperCase(), 50)};
		const {images, feed} = harness();
		feed(frames);
		assert.equal(images[0]!.outcome, 'verified');
	});

	it('counts a step back in the sequence as a gap and never calls the image good', () => {
		const frames = wakeFrames(CAM_A, fakeJpeg(1000), {withHash: false});
		const {images, feed} = harness();
		// (The same frame twice in a row is a copy, dropped: see batch-cameras.test.ts.)
		feed([frames[0]!, frames[1]!, frames[2]!, frames[1]!, ...frames.slice(3)]);
		assert.equal(images[0]!.reason, 'gap');
	});

	it('attributes checksum errors to known cameras only', () => {
		const {feed, reassembler} = harness();
		feed(wakeFrames(CAM_A, fakeJpeg(300)));
		reassembler.corruptFrame({mac: CAM_A, type: FrameType.Data, sequence: 2, length: 250});
		reassembler.corruptFrame({mac: 0x999, type: FrameType.Data, sequence: 2, length: 250});
		assert.equal(reassembler.cameraStats.get(CAM_A)!.checksumErrors, 1);
		assert.equal(reassembler.unknownChecksumErrors, 1);
	});

	it('remembers a bounded number of cameras', () => {
		const {feed, reassembler} = harness({maxCameras: 8});
		for (let mac = 1; mac <= 100; mac++) feed([5, 6].map(sequence => ({mac, type: FrameType.Data, sequence, payload: Buffer.from('x')})));
		assert.ok(reassembler.cameraStats.size <= 8);
		assert.ok(reassembler.openImages <= 8);
	});

	it('measures throughput per camera over recent seconds', () => {
		const {feed, reassembler} = harness();
		for (let second = 0; second < 10; second++) {
			feed(wakeFrames(CAM_A, fakeJpeg(1000, second + 1), {withHash: false}), second * 1000 + 500);
		}

		const stats = reassembler.cameraStats.get(CAM_A)!;
		assert.equal(stats.throughput.perSecond(10_000), 1004);
		assert.equal(stats.throughput.perSecond(30_000), 0);
	});

	it('checks the sha256 helper against a known value', () => {
		assert.equal(sha256Hex(Buffer.from('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
	});
});
