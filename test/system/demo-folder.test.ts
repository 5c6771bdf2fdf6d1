import assert from 'node:assert/strict';
import {existsSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {startCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('the demo’s temporary folder', {timeout: 60_000}, () => {
	it('is removed at exit when it holds no image, and the exit says so', async () => {
		const root = tempDir();
		const demo = startCli(['--demo'], {env: {TMPDIR: root}});
		const notice = await demo.waitFor(/images go to /);
		const folder = notice.split('images go to ')[1]!.trim();
		assert.ok(folder.startsWith(root), folder);
		assert.ok(existsSync(folder));
		demo.process.kill('SIGINT');
		const result = await demo.done(5000);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(existsSync(folder), false, 'the empty temporary folder is gone');
		assert.match(result.stderr, /removed the temporary folder/);
	});

	it('is kept when it holds images, and the exit says where they are', async () => {
		const root = tempDir();
		const demo = startCli(['--demo'], {env: {TMPDIR: root}});
		const notice = await demo.waitFor(/images go to /);
		const folder = notice.split('images go to ')[1]!.trim();
		// An image, without waiting for the demo's cameras to wake.
		writeFileSync(path.join(folder, '240ac4000010_20261124_010106_850000.jpg'), 'a picture');
		demo.process.kill('SIGINT');
		const result = await demo.done(5000);
		assert.equal(result.code, 0, result.stderr);
		assert.ok(readdirSync(folder).some(name => name.endsWith('.jpg')));
		assert.match(result.stderr, new RegExp(`images: 1 in ${folder} \\(a temporary folder, kept`));
	});
});
