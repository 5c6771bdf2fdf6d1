import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {fakeJpeg, sha256Hex} from '../helpers/camera-frames.js';
import {FrameType} from '../../source/core/protocol/constants.js';
import {encodeFrame, hashPayload} from '../../source/core/protocol/frame-encoder.js';

describe('--cameras names', () => {
	it('puts the names in the headless lines, and exits 1 for an unreadable names file', async () => {
		const root = tempDir();
		const names = path.join(root, 'names.json');
		writeFileSync(names, JSON.stringify({'24:0a:1b:2c:3d:4e': 'garden'}));
		const image = fakeJpeg(300, 5);
		const stream = Buffer.concat([
			encodeFrame(0x240a1b2c3d4e, FrameType.Hash, 0, hashPayload(sha256Hex(image), 70)),
			encodeFrame(0x240a1b2c3d4e, FrameType.Data, 1, image.subarray(0, 250)),
			encodeFrame(0x240a1b2c3d4e, FrameType.Data, 2, image.subarray(250)),
			encodeFrame(0x240a1b2c3d4e, FrameType.Eof, 0, Buffer.from('EOF!')),
		]);
		const result = await runCli(['--replay', '-', '--out', path.join(root, 'out'), '--cameras', names], {input: stream});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /saved +garden \(24:0a:1b:2c:3d:4e\) .* verified/);
		const missing = await runCli(['--replay', '-', '--out', path.join(root, 'out'), '--cameras', path.join(root, 'nope.toml')], {input: Buffer.alloc(0)});
		assert.equal(missing.code, 1);
		assert.ok(missing.stderr.includes(path.join(root, 'nope.toml')));
	});
});
