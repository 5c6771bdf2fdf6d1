import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FrameType} from '../../../source/core/protocol/constants.js';
import type {Frame} from '../../../source/core/protocol/frame-decoder.js';
import {macToString} from '../../../source/core/protocol/mac.js';
import type {ReassemblerOptions} from '../../../source/core/reassembly/reassembler.js';
import {Prng} from '../../../source/simulator/prng.js';
import {batchStream, foreignBytes, phantomFlood} from '../../helpers/batch-cameras.js';
import {CHUNK, fakeJpeg, wakeFrames} from '../../helpers/camera-frames.js';
import {collectingReassembler} from '../../helpers/reassembler-harness.js';

function feedAll(frames: Frame[], options: ReassemblerOptions = {}) {
	const harness = collectingReassembler(1, options);
	const copies: typeof harness.images = [];
	frames.forEach((frame, index) => harness.reassembler.frame(frame, index));
	harness.reassembler.closeAll(frames.length);
	for (const image of harness.images) copies.push({...image, data: Buffer.from(image.data)});
	return {...harness, images: copies};
}

describe('cameras from one batch (consecutive MACs, one bit apart)', () => {
	for (let seed = 1; seed <= 10; seed++) {
		it(`seed ${seed}: six interleaved cameras, 2% of frames dropped: every intact wake verified byte for byte, no frame moved to another MAC`, () => {
			const {frames, sent} = batchStream(seed, 0.02);
			const {images, telemetry} = feedAll(frames);
			const verified = new Set(images.filter(image => image.outcome === 'verified').map(image => `${image.mac} ${image.data.toString('base64')}`));
			for (const [index, wake] of sent.entries()) {
				if (wake.intact) assert.ok(verified.has(`${wake.mac} ${wake.image.toString('base64')}`), `intact wake ${index} of ${macToString(wake.mac)} not verified`);
			}

			for (const image of images) assert.equal(foreignBytes(image, sent), undefined);
			for (const reading of telemetry) assert.equal(reading.batteryPercent, 50 + (reading.mac % 256), `a HASH of another camera given to ${macToString(reading.mac)}`);
		});
	}
});

describe('a flood of one-frame MACs', () => {
	it('a camera first heard during a flood of 20,000 one-frame MACs (its frames 400 apart: more than the hold) keeps its image; every flood frame is counted', () => {
		const image = fakeJpeg(CHUNK * 48, 21);
		const camera = 0x240a_7700_0900;
		const wake = wakeFrames(camera, image);
		const random = new Prng(21);
		const frames: Frame[] = [];
		for (const frame of wake) frames.push(frame, ...phantomFlood(random, 400));
		const {images, reassembler} = feedAll(frames);
		assert.deepEqual(
			images.map(result => [macToString(result.mac), result.outcome]),
			[[macToString(camera), 'verified']],
		);
		assert.deepEqual(images[0]!.data, image);
		assert.equal(reassembler.counters.strayFrames, wake.length * 400);
	});

	it('holds a bounded number of frames under a flood of 50,000 MACs, and counts every frame given up', () => {
		const {reassembler} = collectingReassembler();
		const random = new Prng(22);
		const flood = phantomFlood(random, 50_000);
		flood.forEach((frame, index) => reassembler.frame(frame, index));
		assert.ok(reassembler.heldFrames <= 256, `${reassembler.heldFrames} frames held`);
		assert.equal(reassembler.counters.strayFrames + reassembler.heldFrames, 50_000);
		reassembler.poll(10 ** 9);
		assert.equal(reassembler.heldFrames, 0);
		assert.equal(reassembler.counters.strayFrames, 50_000);
	});
});

describe('a chunk sent twice', () => {
	const camera = 0x240a_7700_0901;

	it('drops a DATA frame repeated with the same sequence number and bytes', () => {
		const image = fakeJpeg(CHUNK * 6, 31);
		const frames = wakeFrames(camera, image);
		frames.splice(4, 0, frames[3]!);
		const {images} = feedAll([...wakeFrames(camera, fakeJpeg(400, 30)), ...frames]);
		assert.deepEqual(
			images.map(result => result.outcome),
			['verified', 'verified'],
		);
		assert.deepEqual(images[1]!.data, image);
	});

	it('verifies an image with a chunk numbered twice (a retransmission) once the copy is left out and the SHA-256 matches', () => {
		const image = fakeJpeg(CHUNK * 6, 32);
		const frames = wakeFrames(camera, image);
		// The camera sent chunk 3 again: the relay numbered it 4, and everything after one higher.
		const renumbered = frames.map(frame => (frame.type === FrameType.Data && frame.sequence > 3 ? {...frame, sequence: frame.sequence + 1} : frame));
		renumbered.splice(4, 0, {...frames[3]!, sequence: 4});
		const {images} = feedAll([...wakeFrames(camera, fakeJpeg(400, 30)), ...renumbered]);
		assert.deepEqual(
			images.map(result => result.outcome),
			['verified', 'verified'],
		);
		assert.deepEqual(images[1]!.data, image);
	});

	it('keeps two identical chunks that belong to the picture (a flat area)', () => {
		const image = fakeJpeg(CHUNK * 6, 33);
		image.copy(image, CHUNK * 3, CHUNK * 2, CHUNK * 3);
		const {images} = feedAll([...wakeFrames(camera, fakeJpeg(400, 30)), ...wakeFrames(camera, image)]);
		assert.deepEqual(
			images.map(result => result.outcome),
			['verified', 'verified'],
		);
		assert.deepEqual(images[1]!.data, image);
	});

	it('a copy whose removal does not make the SHA-256 match leaves the image incomplete', () => {
		const image = fakeJpeg(CHUNK * 6, 34);
		const frames = wakeFrames(camera, image);
		frames[0] = wakeFrames(camera, fakeJpeg(CHUNK * 6, 35))[0]!;
		frames.splice(4, 0, {...frames[3]!, sequence: 4});
		const {images} = feedAll([
			...wakeFrames(camera, fakeJpeg(400, 30)),
			...frames.map((frame, index) => (index > 4 && frame.type === FrameType.Data ? {...frame, sequence: frame.sequence + 1} : frame)),
		]);
		assert.deepEqual(
			images.map(result => result.outcome),
			['verified', 'incomplete'],
		);
	});
});

describe('frames held for a MAC not yet a camera', () => {
	it('are all used, in order, once it can become one (here: the camera list was full of receiving cameras)', () => {
		const [a, b, c] = [0x240a_7700_0900, 0x240a_7700_0901, 0x240a_7700_0902];
		const [imageA, imageB, imageC] = [31, 32, 33].map(seed => fakeJpeg(CHUNK * 5, seed));
		const [framesA, framesB, framesC] = [wakeFrames(a, imageA!), wakeFrames(b, imageB!), wakeFrames(c, imageC!)];
		// A and B are receiving when C starts, and only two cameras fit; A ends before C's fourth frame.
		const frames = [...framesA.slice(0, 2), ...framesB.slice(0, 2), ...framesC.slice(0, 3), ...framesA.slice(2), ...framesC.slice(3), ...framesB.slice(2)];
		const {images, reassembler} = feedAll(frames, {maxCameras: 2});
		assert.deepEqual(
			images.map(result => [macToString(result.mac), result.outcome]),
			[a, c, b].map(mac => [macToString(mac), 'verified']),
		);
		assert.deepEqual(images[1]!.data, imageC);
		assert.equal(reassembler.counters.strayFrames, 0);
	});
});
