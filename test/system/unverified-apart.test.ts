import assert from 'node:assert/strict';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {renderPicture, withComment} from '../../source/simulator/jpeg-factory.js';
import {runCli} from '../helpers/cli.js';
import {wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {tempDir} from '../helpers/temp-dir.js';

const MAC = 0x240a1b2c3d4e;
const base = renderPicture(0, 2, 6, {width: 96, height: 64});
const proven = withComment(base, 'with hash');
const unproven = withComment(base, 'without hash');

function capture(folder: string): string {
	const file = path.join(folder, 'capture.bin');
	writeFileSync(file, encodeFrames([...wakeFrames(MAC, proven), ...wakeFrames(MAC, unproven, {withHash: false})]));
	return file;
}

const jpgs = (folder: string) => readdirSync(folder).filter(name => name.endsWith('.jpg'));

describe('--unverified', () => {
	it('together (the default): both among the good images', async () => {
		const root = tempDir();
		const out = path.join(root, 'out');
		const result = await runCli(['--replay', capture(root), '--out', out]);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(jpgs(out).length, 2);
	});

	it('apart: the image that came without a HASH goes to unverified/', async () => {
		const root = tempDir();
		const out = path.join(root, 'out');
		const result = await runCli(['--replay', capture(root), '--out', out, '--unverified', 'apart']);
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(
			jpgs(out).map(name => readFileSync(path.join(out, name))),
			[proven],
		);
		assert.deepEqual(
			jpgs(path.join(out, 'unverified')).map(name => readFileSync(path.join(out, 'unverified', name))),
			[unproven],
		);
		assert.match(result.stdout, /unverified → .*unverified\/240a1b2c3d4e_\d{8}_\d{6}_\d{6}\.jpg/);
	});

	it('anything else is a usage error', async () => {
		const result = await runCli(['--unverified', 'elsewhere']);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /--unverified must be "together" or "apart"/);
	});
});
