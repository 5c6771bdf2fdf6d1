import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {Pipeline} from '../../../source/session/pipeline.js';
import type {SessionEvent} from '../../../source/session/session-events.js';
import {FrameType} from '../../../source/core/protocol/constants.js';
import type {Frame} from '../../../source/core/protocol/frame-decoder.js';
import {renderPicture} from '../../../source/simulator/jpeg-factory.js';
import {fakeJpeg, sha256Hex, wakeFrames} from '../../helpers/camera-frames.js';
import {encodeFrames} from '../../helpers/encode-frames.js';
import {tempDir} from '../../helpers/temp-dir.js';
import {collectingReassembler} from '../../helpers/reassembler-harness.js';

const GATE = 0x240a1b2c3d4e;
const PORCH = 0x112233445566;
const BARN = 0x665544332211;
const A = 0;
const B = 1;

function harness() {
	const {reassembler, images, telemetry} = collectingReassembler(2);
	/** Frames as [relay, frame] pairs, in the order they reach the monitor. */
	const feed = (frames: [number, Frame][], now = 0) => {
		for (const [relay, frame] of frames) reassembler.frame(frame, now, relay);
	};

	const saved = () => images.filter(image => !image.duplicate);
	return {reassembler, images, telemetry, feed, saved};
}

/** Two relays' frames merged one by one, as two ports read in turns. */
function interleave(first: [number, Frame][], second: [number, Frame][]): [number, Frame][] {
	const merged: [number, Frame][] = [];
	for (let i = 0; i < Math.max(first.length, second.length); i++) {
		if (i < first.length) merged.push(first[i]!);
		if (i < second.length) merged.push(second[i]!);
	}

	return merged;
}

const on = (relay: number, frames: Frame[]): [number, Frame][] => frames.map(frame => [relay, frame]);

describe('two relays, one reassembler', () => {
	it('a camera heard whole by both relays, frame by frame interleaved, is one image: saved once, the other copy a duplicate', () => {
		const image = fakeJpeg(1234);
		const {feed, images, saved, telemetry, reassembler} = harness();
		feed(interleave(on(A, wakeFrames(GATE, image, {voltage: 61})), on(B, wakeFrames(GATE, image, {voltage: 61}))), 1000);
		assert.equal(saved().length, 1);
		assert.equal(saved()[0]!.outcome, 'verified');
		assert.deepEqual(saved()[0]!.data, image);
		assert.equal(images.filter(result => result.duplicate).length, 1);
		// One wake, one battery reading (both relays heard the same HASH).
		assert.equal(telemetry.length, 1);
		const stats = reassembler.cameraStats.get(GATE)!;
		assert.deepEqual(stats.images, {verified: 1, unverified: 0, incomplete: 0});
		assert.equal(stats.duplicates, 1);
		assert.equal(reassembler.openImages, 0);
		assert.equal(stats.receiving, undefined);
	});

	it('one relay a wake or two ahead of the other: each wake told once and saved once', () => {
		const wakes = [fakeJpeg(700, 11), fakeJpeg(800, 12), fakeJpeg(900, 13)];
		const {feed, saved, telemetry} = harness();
		const frames = wakes.flatMap((image, index) => wakeFrames(GATE, image, {voltage: 70 - index}));
		// B lags: its copy of each wake comes only after A has passed on all three.
		feed(on(A, frames));
		feed(on(B, frames));
		assert.deepEqual(
			telemetry.map(reading => reading.batteryPercent),
			[70, 69, 68],
		);
		assert.deepEqual(
			saved().map(result => sha256Hex(result.data)),
			wakes.map(sha256Hex),
		);
	});

	it('distinct cameras on each relay, interleaved, are each saved', () => {
		const gate = fakeJpeg(900, 2);
		const porch = fakeJpeg(1600, 3);
		const {feed, saved} = harness();
		feed(interleave(on(A, wakeFrames(GATE, gate)), on(B, wakeFrames(PORCH, porch))));
		assert.deepEqual(
			saved().map(result => [result.mac, result.outcome, sha256Hex(result.data)]),
			[
				[GATE, 'verified', sha256Hex(gate)],
				[PORCH, 'verified', sha256Hex(porch)],
			],
		);
	});

	it("one relay's HASH, DATA 1 and EOF never close or damage the other relay's open image of the same camera", () => {
		const first = fakeJpeg(1500, 4);
		const second = fakeJpeg(700, 5);
		const {feed, saved, reassembler} = harness();
		const slow = on(B, wakeFrames(GATE, first));
		// Relay A hears the same wake, then the camera's next wake too, while B is still halfway through the first.
		const fast = on(A, [...wakeFrames(GATE, first), ...wakeFrames(GATE, second)]);
		feed(slow.slice(0, 4));
		feed(fast);
		assert.equal(reassembler.openImages, 1, "B's image is still open");
		assert.equal(reassembler.cameraStats.get(GATE)!.receiving?.chunks, 3, "the panel shows B's image being received");
		feed(slow.slice(4));
		assert.deepEqual(
			saved().map(result => [result.outcome, sha256Hex(result.data)]),
			[
				['verified', sha256Hex(first)],
				['verified', sha256Hex(second)],
			],
		);
		assert.equal(reassembler.cameraStats.get(GATE)!.duplicates, 1);
	});

	it('a wake heard whole by both relays: its "saved" line comes before "also received whole by another relay"', async () => {
		const out = tempDir();
		const pipeline = new Pipeline({outDir: out});
		const told: string[] = [];
		pipeline.on(event => {
			if (event.kind === 'image') told.push(`image ${event.outcome}`);
			if (event.kind === 'notice') told.push(event.message);
		});
		const a = pipeline.addRelay('/dev/ttyACM0');
		const b = pipeline.addRelay('/dev/ttyACM1');
		const stream = encodeFrames(wakeFrames(GATE, renderPicture(5, 1, 6, {width: 160, height: 120})));
		pipeline.push(stream, a);
		pipeline.push(stream, b);
		await pipeline.finish();
		assert.deepEqual(told, ['image verified', '24:0a:1b:2c:3d:4e image also received whole by another relay; the copy through /dev/ttyACM1 is not written again']);
	});

	it('one relay rebooting mid-image (its numbering starts again at 1) cuts only its own copy; the other relay still delivers it whole', () => {
		const image = fakeJpeg(2000, 6);
		const {feed, saved, images} = harness();
		const whole = on(B, wakeFrames(GATE, image));
		const beforeReboot = on(A, wakeFrames(GATE, image).slice(0, 4)); // HASH, DATA 1..3
		// After the reboot relay A numbers what it hears afresh: DATA 4.. arrive as 1.., then EOF.
		const afterReboot = on(
			A,
			wakeFrames(GATE, image)
				.slice(4)
				.map(frame => (frame.type === FrameType.Data ? {...frame, sequence: frame.sequence - 3} : frame)),
		);
		feed(interleave([...beforeReboot, ...afterReboot], whole));
		const good = saved().filter(result => result.outcome !== 'incomplete');
		assert.deepEqual(
			good.map(result => [result.mac, result.outcome, sha256Hex(result.data)]),
			[[GATE, 'verified', sha256Hex(image)]],
		);
		// Relay A's two pieces are incomplete, never passed off as good.
		const pieces = images.filter(result => result.outcome === 'incomplete');
		assert.ok(pieces.length >= 1 && pieces.every(result => result.data.length < image.length), JSON.stringify(pieces.map(p => [p.reason, p.data.length])));
	});

	it('a copy with a lost chunk, closed after the other relay saved the image whole, is a duplicate too (not written to incomplete/)', () => {
		const image = fakeJpeg(1500, 7);
		const {feed, saved, images} = harness();
		feed(on(B, wakeFrames(GATE, image)));
		feed(
			on(
				A,
				wakeFrames(GATE, image).filter(frame => !(frame.type === FrameType.Data && frame.sequence === 3)),
			),
		);
		assert.deepEqual(
			saved().map(result => result.outcome),
			['verified'],
		);
		assert.deepEqual(
			images.map(result => [result.outcome, result.duplicate === true]),
			[
				['verified', false],
				['incomplete', true],
			],
		);
	});

	it('two cameras sending the very same bytes through different relays are two images, both saved', () => {
		const image = fakeJpeg(900, 10);
		const {feed, saved} = harness();
		feed(interleave(on(A, wakeFrames(GATE, image)), on(B, wakeFrames(PORCH, image))));
		assert.deepEqual(
			saved().map(result => result.mac),
			[GATE, PORCH],
		);
	});

	it('the same image from one relay twice is saved twice (as with one relay), and from another relay after a minute too', () => {
		const image = fakeJpeg(800, 8);
		const {feed, saved, reassembler} = harness();
		feed(on(A, wakeFrames(GATE, image)), 0);
		feed(on(A, wakeFrames(GATE, image)), 30_000);
		reassembler.poll(95_000);
		feed(on(B, wakeFrames(GATE, image)), 95_000);
		assert.equal(saved().length, 3);
	});

	it('two wakes with the very same bytes (a dark night), each heard by one relay only, are two images: the later one is not a copy of the earlier', () => {
		const image = fakeJpeg(800, 14);
		const {feed, saved, images} = harness();
		feed(on(A, wakeFrames(GATE, image)), 0);
		// The camera wakes again 30 s later; only relay B hears this wake.
		feed(on(B, wakeFrames(GATE, image)), 30_000);
		assert.equal(images.filter(result => result.duplicate).length, 0);
		assert.equal(saved().length, 2);
	});

	it('a camera whose first frame came through one relay and second through the other is one camera (not a phantom)', () => {
		const image = fakeJpeg(600, 9);
		const {feed, saved, reassembler} = harness();
		const frames = wakeFrames(BARN, image);
		feed([[A, frames[0]!], [B, frames[0]!], ...on(A, frames.slice(1))]);
		assert.deepEqual(
			saved().map(result => result.outcome),
			['verified'],
		);
		assert.equal(reassembler.counters.strayFrames, 0);
	});
});

describe('two relays, one Pipeline', () => {
	it('each relay has its own decoder: byte streams cut mid-frame and mid-marker and pushed in turns both arrive; the shared camera is written once', async () => {
		const out = tempDir();
		const pipeline = new Pipeline({outDir: out});
		const events: SessionEvent[] = [];
		pipeline.on(event => events.push(event));
		const a = pipeline.addRelay('/dev/ttyACM0');
		const b = pipeline.addRelay('/dev/ttyACM1');
		const shared = renderPicture(1, 1, 6, {width: 160, height: 120});
		const gateOnly = renderPicture(2, 2, 6, {width: 160, height: 120});
		const porchOnly = renderPicture(3, 3, 6, {width: 160, height: 120});
		const streamA = encodeFrames([...wakeFrames(GATE, shared), ...wakeFrames(PORCH, porchOnly)]);
		const streamB = encodeFrames([...wakeFrames(GATE, shared), ...wakeFrames(BARN, gateOnly)]);
		// Odd sizes: cuts fall inside headers, payloads, checksums and the start and end markers.
		const sizes = [3, 61, 7, 64, 2, 129];
		for (let atA = 0, atB = 0, step = 0; atA < streamA.length || atB < streamB.length; step++) {
			const sizeA = sizes[step % 6]!;
			const sizeB = sizes[(step + 3) % 6]!;
			if (atA < streamA.length) pipeline.push(streamA.subarray(atA, atA + sizeA), a);
			if (atB < streamB.length) pipeline.push(streamB.subarray(atB, atB + sizeB), b);
			atA += sizeA;
			atB += sizeB;
		}

		await pipeline.finish();
		const written = readdirSync(out).filter(name => name.endsWith('.jpg'));
		assert.equal(written.length, 3, written.join(' '));
		const hashes = written.map(name => sha256Hex(readFileSync(path.join(out, name)))).sort();
		assert.deepEqual(hashes, [shared, gateOnly, porchOnly].map(sha256Hex).sort());
		const totals = pipeline.totals();
		assert.equal(totals.imagesVerified, 3);
		assert.equal(totals.imagesDuplicate, 1);
		assert.equal(totals.checksumErrors, 0);
		assert.equal(totals.resyncs, 0);
		assert.ok(events.some(event => event.kind === 'notice' && event.message.includes('also received whole')));
	});

	it('one relay rebooting mid-image (a frame cut, the ROM banner, the rest numbered from 1) while the other hears it whole: one good file, the bytes sent', async () => {
		const out = tempDir();
		const pipeline = new Pipeline({outDir: out});
		const a = pipeline.addRelay('/dev/ttyACM0');
		const b = pipeline.addRelay('/dev/ttyACM1');
		const picture = renderPicture(4, 1, 6, {width: 160, height: 120});
		const frames = wakeFrames(GATE, picture, {voltage: 44});
		const cutAt = 5; // HASH, DATA 1..4 arrive; DATA 5 is cut by the reboot
		const renumbered = frames.slice(cutAt).map(frame => (frame.type === FrameType.Data ? {...frame, sequence: frame.sequence - (cutAt - 1)} : frame));
		const banner = Buffer.from('ESP-ROM:esp32c3-api1-20210207\r\nrst:0x15 (USB_UART_CHIP_RESET),boot:0xd\r\n');
		const streamA = Buffer.concat([encodeFrames(frames.slice(0, cutAt)), encodeFrames([frames[cutAt]!]).subarray(0, 40), banner, encodeFrames(renumbered)]);
		const streamB = encodeFrames(frames);
		for (let atA = 0, atB = 0; atA < streamA.length || atB < streamB.length; atA += 37, atB += 53) {
			if (atA < streamA.length) pipeline.push(streamA.subarray(atA, atA + 37), a);
			if (atB < streamB.length) pipeline.push(streamB.subarray(atB, atB + 53), b);
		}

		await pipeline.finish();
		const good = readdirSync(out).filter(name => name.endsWith('.jpg'));
		assert.deepEqual(
			good.map(name => sha256Hex(readFileSync(path.join(out, name)))),
			[sha256Hex(picture)],
		);
		const totals = pipeline.totals();
		assert.equal(totals.imagesVerified, 1);
		assert.equal(totals.imagesUnverified, 0, "relay A's tail is never passed off as good");
	});
});
