import assert from 'node:assert/strict';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {macToString} from '../../source/core/protocol/mac.js';
import {wakeFrames} from '../helpers/camera-frames.js';
import {fixture, padded, PILLOW_FILES, without} from '../helpers/camera-jpegs.js';
import {jsonEvents, runCli} from '../helpers/cli.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('camera JPEGs without HASH, replayed through the CLI', () => {
	it('saves whole ones with their padding byte for byte among the good images; cut, holed and joined ones in incomplete/ by what happened', async () => {
		const images = PILLOW_FILES.map(fixture);
		const cases: {sent: Buffer; outcome: string; file: RegExp}[] = [
			...images.map(image => ({sent: padded(image, 1200), outcome: 'unverified', file: /^[\da-f]{12}_\d{8}_\d{6}_\d{6}\.jpg$/})),
			{sent: padded(images[4]!, 400, 0xff), outcome: 'unverified', file: /^[\da-f]{12}_\d{8}_\d{6}_\d{6}\.jpg$/},
			{sent: images[1]!.subarray(0, 1250), outcome: 'incomplete truncated', file: /^incomplete\/.+_truncated\.jpg$/},
			{sent: without(padded(images[3]!, 900), 750, 250), outcome: 'incomplete undecodable', file: /^incomplete\/.+_undecodable\.jpg$/},
			{sent: Buffer.concat([images[2]!, images[0]!.subarray(0, 750)]), outcome: 'incomplete undecodable', file: /^incomplete\/.+_undecodable\.jpg$/},
		];
		const mac = (index: number) => 0x240a1b2c3d10 + index;
		const root = tempDir();
		const out = path.join(root, 'images');
		const capture = path.join(root, 'capture.bin');
		writeFileSync(capture, Buffer.concat(cases.map(({sent}, index) => encodeFrames(wakeFrames(mac(index), sent, {withHash: false})))));

		const result = await runCli(['--replay', capture, '--out', out, '--json']);
		assert.equal(result.code, 0, result.stderr);
		const events = jsonEvents(result.stdout).filter(event => event.event === 'image');
		assert.equal(events.length, cases.length);
		for (const [index, {sent, outcome, file}] of cases.entries()) {
			const event = events.find(candidate => candidate.mac === macToString(mac(index)))!;
			assert.equal(`${String(event.outcome)} ${(event.reason as string | undefined) ?? ''}`.trim(), outcome, `case ${index}: ${String(event.detail)}`);
			const saved = path.relative(out, String(event.path));
			assert.match(saved, file);
			assert.deepEqual(readFileSync(path.join(out, saved)), sent, `case ${index}: saved as received`);
		}

		assert.match(String(events.find(event => event.mac === macToString(mac(cases.length - 1)))!.detail), /^750 bytes after EOI that are not padding, another JPEG from byte \d+$/);
		assert.equal(readdirSync(out).filter(name => name.endsWith('.jpg')).length, images.length + 1);
	});
});
