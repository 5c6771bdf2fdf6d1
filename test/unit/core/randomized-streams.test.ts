import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {checkJpeg} from '../../../source/core/jpeg/strict-jpeg.js';
import {FrameDecoder} from '../../../source/core/protocol/frame-decoder.js';
import {FRAME_OVERHEAD, ESPNOW_V2_MAX_PAYLOAD} from '../../../source/core/protocol/constants.js';
import {Pipeline} from '../../../source/session/pipeline.js';
import {Reassembler, type ImageResult} from '../../../source/core/reassembly/reassembler.js';
import {Prng} from '../../../source/simulator/prng.js';
import {JpegFactory} from '../../../source/simulator/jpeg-factory.js';
import {RelaySimulator, type SentImage} from '../../../source/simulator/relay-simulator.js';
import {fakeJpeg} from '../../helpers/camera-frames.js';
import {tempDir} from '../../helpers/temp-dir.js';

interface Scenario {
	seed: number;
	loss: number;
	corrupt: number;
	junk: number;
	airLoss: number;
	reboots: number;
}

/** Real JPEGs (so that images without HASH can pass the strict decode), made once for all scenarios. */
const pictures = new JpegFactory({width: 96, height: 64}, 4);

/** A hostile relay stream: the simulator's damage, plus junk bytes and cut USB writes between frames. */
function hostileStream({seed, loss, corrupt, junk, airLoss, reboots}: Scenario): {stream: Buffer; sent: SentImage[]} {
	const random = new Prng(seed * 7 + 1);
	const simulator = new RelaySimulator({
		cameras: 1 + (seed % 5),
		seed,
		loss,
		corrupt,
		airLoss,
		reboots,
		meanWakeIntervalMs: 300,
		chunkIntervalMs: 4,
		maxWakes: 25,
		image: (camera, number) =>
			seed % 2 === 0 ? pictures.image(camera, number + seed) : fakeJpeg(200 + ((seed * 131 + camera * 977 + number * 389) % 6000), seed * 1000 + camera * 100 + number + 1),
	});
	const pieces: Buffer[] = [];
	for (const piece of simulator.take(Number.POSITIVE_INFINITY)) {
		if (random.chance(junk)) {
			const noise = Buffer.alloc(random.int(4, 300));
			for (let i = 0; i < noise.length; i++) noise[i] = random.int(0, 255);
			// Sometimes junk that starts like a frame.
			if (random.chance(0.3)) noise.set([0xfa, 0xce, 0xaa, 0xbb], 0);
			pieces.push(noise);
		}

		pieces.push(piece);
	}

	return {stream: Buffer.concat(pieces), sent: simulator.sent};
}

function checkResults(results: ImageResult[], sent: SentImage[], label: string): void {
	const sentByMac = new Map<number, Set<string>>();
	for (const image of sent) {
		if (!sentByMac.has(image.mac)) sentByMac.set(image.mac, new Set());
		sentByMac.get(image.mac)!.add(image.data.toString('base64'));
	}

	const good = results.filter(result => result.outcome !== 'incomplete');
	for (const result of good) {
		assert.ok(sentByMac.get(result.mac)?.has(result.data.toString('base64')), `${label}: damaged data saved as ${result.outcome}`);
	}

	const verified = new Set(results.filter(r => r.outcome === 'verified').map(r => `${r.mac}:${r.data.toString('base64')}`));
	for (const image of sent.filter(s => s.intact)) {
		assert.ok(verified.has(`${image.mac}:${image.data.toString('base64')}`), `${label}: intact image ${image.imageNumber} of ${image.mac.toString(16)} not verified`);
	}
}

const scenarios: Scenario[] = [];
for (let seed = 1; seed <= 200; seed++) {
	scenarios.push({
		seed,
		loss: (seed % 4) * 0.01,
		corrupt: (seed % 3) * 0.02,
		junk: ((seed >> 1) % 2) * 0.05,
		airLoss: (seed % 5) * 0.01,
		reboots: seed % 7 === 0 ? 0.15 : 0,
	});
}

describe('randomized hostile streams', () => {
	it('never throw, never call damaged data good, verify every intact image, stay bounded', () => {
		let intactSeen = 0;
		let damagedSeen = 0;
		const outcomes = new Map<string, number>();
		for (const scenario of scenarios) {
			const {stream, sent} = hostileStream(scenario);
			const random = new Prng(scenario.seed);
			const results: ImageResult[] = [];
			const keep = (result: ImageResult) => results.push({...result, data: Buffer.from(result.data)});
			const reassembler: Reassembler = new Reassembler({
				image: keep,
				unverified: result => keep(reassembler.settleUnverified(result, checkJpeg(result.data).ok ? undefined : 'undecodable')),
				telemetry: () => undefined,
			});
			let now = 0;
			const decoder = new FrameDecoder({
				frame: frame => reassembler.frame(frame, now),
				corruptFrame: frame => reassembler.corruptFrame(frame),
				relayText: () => undefined,
				noise: () => undefined,
			});
			let maxPending = 0;
			for (let offset = 0; offset < stream.length;) {
				const size = random.chance(0.1) ? random.int(1, 8) : random.int(1, 4096);
				decoder.push(stream.subarray(offset, offset + size), now);
				offset += size;
				now += 1;
				maxPending = Math.max(maxPending, decoder.pendingBytes);
				if (random.chance(0.01)) {
					decoder.poll(now);
					reassembler.poll(now);
				}
			}

			decoder.end();
			reassembler.closeAll(now);
			const label = `seed ${scenario.seed}`;
			assert.ok(maxPending <= FRAME_OVERHEAD + ESPNOW_V2_MAX_PAYLOAD, `${label}: held ${maxPending} bytes`);
			assert.equal(reassembler.openImages, 0);
			checkResults(results, sent, label);
			for (const {outcome, reason} of results) outcomes.set(reason ?? outcome, (outcomes.get(reason ?? outcome) ?? 0) + 1);
			intactSeen += sent.filter(s => s.intact).length;
			damagedSeen += sent.filter(s => !s.intact).length;
		}

		// The scenarios really exercise both sides.
		assert.ok(intactSeen > 500, `only ${intactSeen} intact images`);
		assert.ok(damagedSeen > 100, `only ${damagedSeen} damaged images`);
		// Chunks lost on the air and relay reboots: caught by the strict decode and the JPEG shape, and whole images without HASH pass.
		for (const kind of ['unverified', 'undecodable', 'not-jpeg', 'hash-mismatch', 'gap', 'superseded']) {
			assert.ok((outcomes.get(kind) ?? 0) > 0, `no ${kind} images: ${JSON.stringify([...outcomes])}`);
		}
	});

	it('through the whole pipeline: files on disk match, damaged data only in incomplete/', async () => {
		const out = tempDir();
		const {stream, sent} = hostileStream({seed: 98, loss: 0.02, corrupt: 0.02, junk: 0.05, airLoss: 0.02, reboots: 0.1});
		const pipeline = new Pipeline({outDir: out});
		await pipeline.start();
		const random = new Prng(3);
		for (let offset = 0; offset < stream.length;) {
			const size = random.int(1, 2000);
			pipeline.push(stream.subarray(offset, offset + size));
			offset += size;
		}

		await pipeline.finish();
		const goodFiles = readdirSync(out).filter(name => name.endsWith('.jpg'));
		const incompleteFiles = readdirSync(path.join(out, 'incomplete'));
		const sentData = new Set(sent.map(image => image.data.toString('base64')));
		for (const name of goodFiles) assert.ok(sentData.has(readFileSync(path.join(out, name)).toString('base64')), `${name} is damaged`);
		const onDisk = new Set(goodFiles.map(name => readFileSync(path.join(out, name)).toString('base64')));
		const intact = sent.filter(image => image.intact);
		for (const image of intact) assert.ok(onDisk.has(image.data.toString('base64')), `intact image ${image.imageNumber} missing`);
		assert.ok(intact.length > 10 && intact.length < sent.length, 'the stream should have intact and damaged images');
		assert.ok(incompleteFiles.length > 0);
		assert.ok(
			incompleteFiles.every(name => /^[0-9a-f]{12}_\d{8}_\d{6}_\d{6}_[a-z-]+\.jpg$/.test(name)),
			incompleteFiles.join(),
		);
		const totals = pipeline.totals();
		assert.equal(totals.imagesGood, goodFiles.length);
		assert.equal(readdirSync(out).filter(name => name.includes('.partial')).length, 0);
	});
});
