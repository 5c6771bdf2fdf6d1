import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {FrameType} from '../../../source/core/protocol/constants.js';
import type {Frame} from '../../../source/core/protocol/frame-decoder.js';
import {Pipeline} from '../../../source/session/pipeline.js';
import {Reassembler, type Telemetry} from '../../../source/core/reassembly/reassembler.js';
import {isHashPayload, parseHashPayload} from '../../../source/core/reassembly/hash-payload.js';
import {Prng} from '../../../source/simulator/prng.js';
import {phantomFlood} from '../../helpers/batch-cameras.js';
import {fakeJpeg, sha256Hex, wakeFrames} from '../../helpers/camera-frames.js';
import {encodeFrames} from '../../helpers/encode-frames.js';
import {tempDir} from '../../helpers/temp-dir.js';
import {collectingReassembler} from '../../helpers/reassembler-harness.js';

const CAM = 0x240a1b2c3d4e;

function harness() {
	const {reassembler, images, telemetry} = collectingReassembler();
	const feed = (frames: Frame[], now = 0) => {
		for (const frame of frames) reassembler.frame(frame, now);
	};

	return {reassembler, images, telemetry, feed};
}

function hashFrame(mac: number, text: string): Frame {
	return {mac, type: FrameType.Hash, sequence: 0, payload: Buffer.from(text, 'latin1')};
}

describe('HASH readings', () => {
	it('keeps the hash whatever the VOLT says', () => {
		const hash = 'ab'.repeat(32);
		assert.deepEqual(parseHashPayload(Buffer.from(`HASH:${hash},VOLT:87`)), {sha256: hash, reading: '87', batteryPercent: 87, batteryInRange: true});
		assert.deepEqual(parseHashPayload(Buffer.from(`HASH:${hash},VOLT:101`)), {sha256: hash, reading: '101', batteryPercent: 101, batteryInRange: false});
		assert.deepEqual(parseHashPayload(Buffer.from(`HASH:${hash},VOLT:87.5`)), {sha256: hash, reading: '87.5', batteryPercent: 87.5, batteryInRange: false});
		assert.deepEqual(parseHashPayload(Buffer.from(`HASH:${hash},VOLT:n/a`)), {sha256: hash, reading: 'n/a', batteryPercent: undefined, batteryInRange: false});
		assert.deepEqual(parseHashPayload(Buffer.from(`HASH:${hash}`)), {sha256: hash, reading: '', batteryPercent: undefined, batteryInRange: false});
		assert.equal(parseHashPayload(Buffer.from(`HASH:${hash.slice(2)},VOLT:87`)), undefined);
		assert.equal(parseHashPayload(Buffer.from(`HASH:${hash},VOLT:\x1b]0;x\x07`)), undefined);
	});

	it('tells a HASH payload without reading it into a string, as parseHashPayload() would', () => {
		const hash = 'aB'.repeat(32);
		const payloads = [
			`HASH:${hash},VOLT:87`,
			`HASH:${hash}`,
			`HASH:${hash},VOLT:`,
			`HASH:${hash},VOLT:${'9'.repeat(16)}`,
			`HASH:${hash},VOLT:${'9'.repeat(17)}`,
			`HASH:${hash.slice(1)}g,VOLT:1`,
			`HASH:${hash},VOLT:\x1b`,
			`HASH:${hash},VOLX:1`,
			`hash:${hash}`,
			`HASH:${hash.slice(2)}`,
			'',
		];
		for (const text of payloads) assert.equal(isHashPayload(Buffer.from(text, 'latin1')), parseHashPayload(Buffer.from(text, 'latin1')) !== undefined, JSON.stringify(text));
	});

	it('verifies an image whose HASH reads VOLT:101 (solar charging), and reports the raw reading', async () => {
		const out = tempDir();
		const pipeline = new Pipeline({outDir: out});
		const events: unknown[] = [];
		pipeline.on(event => {
			if (event.kind === 'image' || event.kind === 'telemetry') events.push(event);
		});
		await pipeline.start();
		const image = fakeJpeg(900, 5);
		const frames = wakeFrames(CAM, image);
		frames[0] = hashFrame(CAM, `HASH:${sha256Hex(image)},VOLT:101`);
		pipeline.push(encodeFrames(frames));
		await pipeline.finish();
		assert.ok(events.some(event => (event as {outcome?: string}).outcome === 'verified'));
		assert.ok(events.some(event => (event as {reading?: string; inRange?: boolean}).reading === '101' && (event as {inRange: boolean}).inRange === false));
		assert.match(readFileSync(path.join(out, 'volt.log'), 'utf8'), /,24:0a:1b:2c:3d:4e,101\n$/);
		assert.equal(pipeline.reassembler.cameraStats.get(CAM)!.lastReading, '101');
	});
});

describe('phantom cameras (a flipped MAC bit: the checksum does not cover the header)', () => {
	it('a single stray frame from an unknown MAC makes no camera, no telemetry, no image', () => {
		const {reassembler, images, telemetry, feed} = harness();
		feed(wakeFrames(CAM, fakeJpeg(800, 1)), 0);
		feed([hashFrame(0x0a0b0c0d0e0f, `HASH:${'cd'.repeat(32)},VOLT:50`)], 10);
		feed([{mac: 0x665544332211, type: FrameType.Data, sequence: 9, payload: Buffer.alloc(250, 1)}], 11);
		feed([{mac: 0x778899aabbcc, type: FrameType.Eof, sequence: 0, payload: Buffer.from('EOF!')}], 12);
		reassembler.poll(60_000);
		assert.deepEqual([...reassembler.cameraStats.keys()], [CAM]);
		assert.equal(telemetry.length, 1);
		assert.equal(images.length, 1);
		assert.equal(reassembler.counters.strayFrames, 3);
	});

	it('a new camera is real from its second frame, and loses nothing of its first', () => {
		const image = fakeJpeg(1500, 4);
		const {reassembler, images, telemetry, feed} = harness();
		feed(wakeFrames(0x112233445566, image, {voltage: 42}), 500);
		assert.deepEqual(
			images.map(i => [i.outcome, i.data.length]),
			[['verified', 1500]],
		);
		assert.equal(telemetry[0]!.batteryPercent, 42);
		assert.equal(reassembler.cameraStats.get(0x112233445566)!.frames, 8);
	});

	it('a camera named beforehand is real from its first frame', () => {
		const telemetry: Telemetry[] = [];
		const reassembler = new Reassembler({image: () => undefined, unverified: () => undefined, telemetry: t => telemetry.push(t)}, {knownCameras: [CAM]});
		reassembler.frame(hashFrame(CAM, `HASH:${'0'.repeat(64)},VOLT:12`), 0);
		assert.equal(telemetry.length, 1);
		assert.ok(reassembler.cameraStats.has(CAM));
	});

	it('a flood of 20,000 frames from random MACs (valid checksums) evicts no open image and stays bounded', () => {
		const image = fakeJpeg(250 * 40, 6);
		const {reassembler, images, feed} = harness();
		feed(wakeFrames(CAM, fakeJpeg(300, 1)), 0);
		const random = new Prng(5);
		for (const frame of wakeFrames(CAM, image)) {
			feed([frame], 1);
			feed(phantomFlood(random, 500), 1);
		}

		assert.deepEqual(
			images.map(i => i.outcome),
			['verified', 'verified'],
		);
		assert.deepEqual(images[1]!.data, image);
		assert.equal(reassembler.cameraStats.size, 1);
		assert.equal(reassembler.openImages, 0);
		assert.ok(reassembler.counters.strayFrames >= 20_000 - 128);
	});

	it('a new camera still gets through a flood of 100 phantom frames between each of its frames', () => {
		const image = fakeJpeg(250 * 10, 7);
		const {images, feed} = harness();
		const random = new Prng(6);
		for (const frame of wakeFrames(CAM, image)) {
			feed([frame], 1);
			feed(phantomFlood(random, 100), 1);
		}

		assert.deepEqual(
			images.map(i => i.outcome),
			['verified'],
		);
	});

	it('writes nothing for stray frames: no panel, no volt.log line, no incomplete/ files', async () => {
		const out = tempDir();
		const pipeline = new Pipeline({outDir: out});
		await pipeline.start();
		const random = new Prng(8);
		const strays: Frame[] = [];
		for (let i = 0; i < 300; i++) {
			const mac = Math.floor(random.next() * 2 ** 48);
			strays.push(i % 2 ? hashFrame(mac, `HASH:${'1'.repeat(64)},VOLT:40`) : {mac, type: FrameType.Data, sequence: 1, payload: Buffer.from([0xff, 0xd8, 1, 2])});
		}

		pipeline.push(encodeFrames(strays));
		await pipeline.finish();
		assert.equal(pipeline.totals().cameras, 0);
		assert.equal(pipeline.totals().strayFrames, 300);
		assert.deepEqual(readdirSync(path.join(out, 'incomplete')), []);
		assert.ok(!existsSync(path.join(out, 'volt.log')) || readFileSync(path.join(out, 'volt.log'), 'utf8') === '');
	});
});

describe('a flipped bit in a sequence field (not covered by the checksum)', () => {
	it('still verifies the image when its bytes match the HASH, and counts no invented loss', () => {
		const image = fakeJpeg(2000, 12);
		const frames = wakeFrames(CAM, image);
		frames[3] = {...frames[3]!, sequence: frames[3]!.sequence + 2 ** 20};
		const {reassembler, images, feed} = harness();
		feed(frames);
		assert.deepEqual(
			images.map(i => [i.outcome, i.missingFrames]),
			[['verified', 0]],
		);
		assert.deepEqual(images[0]!.data, image);
		assert.equal(reassembler.cameraStats.get(CAM)!.missingFrames, 0);
	});
});
