import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {runCli, startCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('--demo', () => {
	it('quits at once while its pictures are still being made', async () => {
		const demo = startCli(['--demo', '--headless', '--out', tempDir()]);
		await demo.waitFor(/demo relay/);
		await delay(100);
		const started = Date.now();
		demo.process.kill('SIGINT');
		const result = await demo.done(5000);
		assert.equal(result.code, 0, result.stderr);
		assert.doesNotMatch(result.stderr, /took too long/);
		assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
	});
});

describe('--demo with a bad flag', () => {
	it('leaves no empty temporary folder behind', async () => {
		const temporary = tempDir();
		const result = await runCli(['--demo', '--timeout', 'abc'], {env: {TMPDIR: temporary}});
		assert.equal(result.code, 2);
		assert.deepEqual(readdirSync(temporary), []);
	});
});
