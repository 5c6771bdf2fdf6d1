import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FrameType, START_MARKER} from '../../../source/core/protocol/constants.js';
import {encodeFrame} from '../../../source/core/protocol/frame-encoder.js';
import {Pipeline} from '../../../source/session/pipeline.js';
import {collectingDecoder} from '../../helpers/collect-decoder.js';
import {fakeJpeg, wakeFrames} from '../../helpers/camera-frames.js';
import {encodeFrames} from '../../helpers/encode-frames.js';
import {tempDir} from '../../helpers/temp-dir.js';

const MAC = 0x240a1b2c3d4e;

describe('stalls', () => {
	it('loses nothing to a pause of 3 s inside a frame (the relay USB retrying)', () => {
		const frame = encodeFrame(MAC, FrameType.Data, 1, fakeJpeg(250, 2));
		const {decoder, frames} = collectingDecoder();
		decoder.push(frame.subarray(0, 64), 1000);
		for (let now = 1000; now <= 4000; now += 250) decoder.poll(now);
		decoder.push(frame.subarray(64), 4000);
		assert.equal(frames.length, 1);
		assert.equal(decoder.counters.stalls, 0);
	});

	it('holds frames behind a false start followed by silence no longer than the stall limit', () => {
		const falseStart = Buffer.concat([START_MARKER, Buffer.alloc(6), Buffer.from([2]), Buffer.alloc(4), Buffer.from([0, 0, 4, 0])]);
		const real = encodeFrame(MAC, FrameType.Eof, 0, Buffer.from('EOF!'));
		const {decoder, frames} = collectingDecoder();
		decoder.push(Buffer.concat([falseStart, real]), 0);
		decoder.poll(3999);
		assert.equal(frames.length, 0);
		decoder.poll(4000);
		assert.equal(frames.length, 1);
	});

	it('says when the candidate it holds back is due to be given up: the stall limit after its last byte', () => {
		const falseStart = Buffer.concat([START_MARKER, Buffer.alloc(6), Buffer.from([2]), Buffer.alloc(4), Buffer.from([0, 0, 4, 0])]);
		const real = encodeFrame(MAC, FrameType.Eof, 0, Buffer.from('EOF!'));
		const {decoder, frames} = collectingDecoder({stallMs: 3000});
		assert.equal(decoder.stallDueAt, undefined, 'nothing held');
		decoder.push(falseStart, 1000);
		assert.equal(decoder.stallDueAt, 4000);
		decoder.push(real, 1100);
		assert.equal(decoder.stallDueAt, 4100, 'a byte moves it on');
		decoder.poll(4099);
		assert.equal(frames.length, 0);
		decoder.poll(4100);
		assert.equal(frames.length, 1, 'released when due');
		assert.equal(decoder.stallDueAt, undefined);
	});

	it('Pipeline: the frames behind a false start are due at the stall limit, on whichever relay holds one', async () => {
		let now = 1_000_000;
		const pipeline = new Pipeline({outDir: tempDir(), clock: {monotonicMs: () => now, wallMs: () => now}, stallMs: 3000});
		const images: number[] = [];
		pipeline.on(event => {
			if (event.kind === 'image') images.push(now);
		});
		await pipeline.start();
		pipeline.addRelay('a');
		pipeline.addRelay('b');
		assert.equal(pipeline.stallDueInMs(), undefined);
		const falseStart = Buffer.concat([START_MARKER, Buffer.alloc(6), Buffer.from([2]), Buffer.alloc(4), Buffer.from([0, 0, 5, 0])]);
		// Regular ticks (a late one would mean the program was not running).
		const ticksFor = (ms: number) => {
			for (let passed = 0; passed < ms; passed += 250) {
				now += 250;
				pipeline.tick();
			}
		};

		pipeline.tick();
		pipeline.push(falseStart, 1);
		pipeline.push(encodeFrames(wakeFrames(MAC, fakeJpeg(600, 4))), 1);
		ticksFor(1000);
		pipeline.push(falseStart, 0);
		assert.equal(pipeline.stallDueInMs(), 2000, 'relay b, first');
		ticksFor(1750);
		assert.equal(pipeline.stallDueInMs(), 250);
		now += 100;
		assert.equal(pipeline.stallDueInMs(), 150, 'due before the next regular tick');
		now += 150;
		pipeline.tick();
		await pipeline.settled();
		assert.deepEqual(images, [1_003_000], 'saved when due');
		assert.equal(pipeline.stallDueInMs(), 1000, 'relay a next');
		await pipeline.finish();
	});

	it('does not count time the program was not running as a stall', () => {
		const frame = encodeFrame(MAC, FrameType.Data, 1, fakeJpeg(250, 2));
		const {decoder, frames} = collectingDecoder();
		decoder.push(frame.subarray(0, 64), 1000);
		// Stopped for 30 s (SIGSTOP); the rest of the frame waits in the OS buffer.
		decoder.discount(29_900, 31_000);
		decoder.poll(31_000);
		decoder.push(frame.subarray(64), 31_010);
		assert.equal(frames.length, 1);
	});

	it('Pipeline: a late tick (the program was stopped) gives up neither the frame nor the image', async () => {
		let now = 1_000_000;
		const pipeline = new Pipeline({outDir: tempDir(), clock: {monotonicMs: () => now, wallMs: () => now}});
		const images: string[] = [];
		pipeline.on(event => {
			if (event.kind === 'image') images.push(`${event.outcome}:${event.reason ?? ''}`);
		});
		await pipeline.start();
		const stream = encodeFrames(wakeFrames(MAC, fakeJpeg(1200, 3)));
		pipeline.tick();
		pipeline.push(stream.subarray(0, 700));
		now += 250;
		pipeline.tick();
		now += 60_000; // SIGSTOP for a minute: longer than the stall limit and the image timeout
		pipeline.tick();
		pipeline.push(stream.subarray(700));
		await pipeline.finish();
		assert.deepEqual(images, ['verified:']);
	});
});
