import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {describe, it} from 'node:test';
import {startCli} from '../helpers/cli.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('--replay - with a writer that stays (ssh pi cat /dev/ttyACM0 | esp-cam-monitor --replay -)', () => {
	it('SIGTERM ends it cleanly, not by the shutdown deadline, with the image on disk', async () => {
		const out = tempDir();
		const running = startCli(['--replay', '-', '--out', out]);
		running.process.stdin!.write(encodeFrames(wakeFrames(0x24_0a_c4_00_00_10, fakeJpeg(3000, 1), {voltage: 70})));
		await running.waitFor(/saved/);
		running.process.kill('SIGTERM');
		const result = await running.done(10_000);
		assert.equal(result.code, 0);
		assert.doesNotMatch(result.stderr, /shutdown took too long/);
		assert.match(result.stdout, /summary 1 good/);
		assert.equal(readdirSync(out).filter(name => name.endsWith('.jpg')).length, 1);
	});
});
