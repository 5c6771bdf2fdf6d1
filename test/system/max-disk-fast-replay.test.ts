import assert from 'node:assert/strict';
import {readdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('--max-disk and a replay faster than the checks', () => {
	it('at the end of the replay the folder is within the limit (the check owed was not made), and only images went', async () => {
		const out = tempDir();
		writeFileSync(path.join(out, 'notes.txt'), 'mine');
		const stream = Buffer.concat(Array.from({length: 120}, (_, index) => encodeFrames(wakeFrames(0x24_0a_c4_00_00_10 + (index % 3), fakeJpeg(3000, index + 1), {voltage: 70}))));
		const result = await runCli(['--replay', '-', '--out', out, '--max-disk', '100K'], {input: stream});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /summary 120 good/);
		const images = readdirSync(out).filter(name => name.endsWith('.jpg'));
		const bytes = images.reduce((sum, name) => sum + statSync(path.join(out, name)).size, 0);
		assert.ok(bytes <= 100 * 1024, `${images.length} images, ${bytes} bytes left`);
		assert.ok(images.length > 0);
		assert.ok(readdirSync(out).includes('notes.txt'));
		assert.ok(readdirSync(out).includes('volt.log'));
	});
});
