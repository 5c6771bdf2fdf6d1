import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import type {Frame} from '../../source/core/protocol/frame-decoder.js';
import {macToString, parseMac} from '../../source/core/protocol/mac.js';
import {Prng} from '../../source/simulator/prng.js';
import {batchStream, foreignBytes, phantomFlood} from '../helpers/batch-cameras.js';
import {jsonEvents, runCli} from '../helpers/cli.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {tempDir} from '../helpers/temp-dir.js';

/** The images in a folder, with their camera (from the file name, as the gallery tool reads it). */
function imagesIn(folder: string): {name: string; mac: number; data: Buffer}[] {
	return readdirSync(folder)
		.filter(name => name.endsWith('.jpg'))
		.map(name => ({name, mac: parseMac(name.slice(0, 12))!, data: readFileSync(path.join(folder, name))}));
}

describe('cameras from one batch through the CLI (--replay of a recorded stream)', () => {
	it('queue and air loss and a flood of one-frame MACs: every intact image saved byte for byte, nothing damaged among the good ones, nothing lost silently', async () => {
		const root = tempDir();
		const out = path.join(root, 'out');
		const {frames: cameraFrames, sent} = batchStream(1, 0.02, {airLoss: 0.01});
		const random = new Prng(2);
		const frames: Frame[] = [];
		for (const frame of cameraFrames) frames.push(frame, ...phantomFlood(random, 20));
		const stream = path.join(root, 'batch.bin');
		writeFileSync(stream, encodeFrames(frames));

		const result = await runCli(['--replay', stream, '--out', out, '--json'], {timeoutMs: 60_000});
		assert.equal(result.code, 0, result.stderr);
		const good = imagesIn(out);
		const incomplete = imagesIn(path.join(out, 'incomplete'));
		const saved = new Set(good.map(image => `${image.mac} ${image.data.toString('base64')}`));
		for (const [index, wake] of sent.entries()) {
			if (wake.intact) assert.ok(saved.has(`${wake.mac} ${wake.image.toString('base64')}`), `intact wake ${index} of ${macToString(wake.mac)} not saved`);
		}

		const wholeImages = new Set(sent.map(wake => `${wake.mac} ${wake.image.toString('base64')}`));
		for (const image of good) assert.ok(wholeImages.has(`${image.mac} ${image.data.toString('base64')}`), `${image.name} is saved as good but is no image its camera sent`);
		for (const image of [...good, ...incomplete]) assert.equal(foreignBytes(image, sent), undefined, image.name);

		const summary = jsonEvents(result.stdout).find(event => event.event === 'summary')!;
		assert.equal(summary.imagesGood, good.length);
		assert.equal(summary.imagesIncomplete, incomplete.length);
		assert.equal(summary.cameras, 6);
		assert.equal(summary.strayFrames, frames.length - cameraFrames.length, 'every flood frame counted, no camera frame among them');
	});

	it('simulate --batch --phantoms 150: a new camera heard during the flood keeps every intact image; the flood is counted', {timeout: 120_000}, async () => {
		const root = tempDir();
		const [stream, manifest, out] = ['batch.bin', 'sent.json', 'out'].map(name => path.join(root, name)) as [string, string, string];
		const simulated = await runCli(
			[
				'simulate',
				stream,
				'--batch',
				'--cameras',
				'6',
				'--images',
				'30',
				'--interval',
				'0.1',
				'--loss',
				'0.02',
				'--phantoms',
				'150',
				'--seed',
				'9',
				'--size',
				'96x64',
				'--manifest',
				manifest,
			],
			{timeoutMs: 90_000},
		);
		assert.equal(simulated.code, 0, simulated.stderr);
		const phantoms = Number(/(\d+) frames from made-up MACs/.exec(simulated.stderr)?.[1]);
		assert.ok(phantoms > 30 * 150, simulated.stderr);

		const result = await runCli(['--replay', stream, '--out', out, '--json'], {timeoutMs: 60_000});
		assert.equal(result.code, 0, result.stderr);
		const saved = new Set(imagesIn(out).map(image => `${macToString(image.mac)} ${createHash('sha256').update(image.data).digest('hex')}`));
		const sent = JSON.parse(readFileSync(manifest, 'utf8')) as {mac: string; imageNumber: number; sha256: string; intact: boolean}[];
		assert.ok(sent.filter(image => image.intact).length >= 20);
		for (const image of sent) if (image.intact) assert.ok(saved.has(`${image.mac} ${image.sha256}`), `intact image ${image.imageNumber} of ${image.mac} not saved`);
		const summary = jsonEvents(result.stdout).find(event => event.event === 'summary')!;
		assert.equal(summary.cameras, 6);
		assert.equal(summary.strayFrames, phantoms);
	});
});
