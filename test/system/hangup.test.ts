import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {CLI} from '../helpers/cli.js';
import {HALF_IMAGE_BYTES, HALF_IMAGE_CHUNKS, halfAnImage} from '../helpers/half-image.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {PtyProcess} from '../helpers/pty-process.js';
import {tempDir} from '../helpers/temp-dir.js';
import {until} from '../helpers/until.js';

async function hangUpWithAnOpenImage(mode: string[], ready: RegExp): Promise<void> {
	const root = tempDir();
	const pair = await openPtyPair(root);
	const out = path.join(root, 'out');
	const record = path.join(root, 'record.bin');
	const terminal = new PtyProcess(root, [process.execPath, CLI, ...mode, '--port', pair.host, '--out', out, '--record', record]);
	try {
		await terminal.waitForOutput(ready);
		halfAnImage(pair.relay);
		await until(() => existsSync(record) && statSync(record).size >= HALF_IMAGE_BYTES, 'the frames to be received', 10_000);
		terminal.hangup();
		const exit = await terminal.exit(5000);
		assert.equal(exit.code, 0, `exit status; terminal output:\n${terminal.output().slice(-2000)}`);
		assert.ok(exit.afterHangupMs < 2000, `exited ${exit.afterHangupMs} ms after the hang-up`);
		const kept = readdirSync(path.join(out, 'incomplete'));
		assert.equal(kept.length, 1, `incomplete/: ${kept.join(', ')}`);
		assert.match(kept[0]!, /^240a1b2c3d4e_.*_shutdown\.jpg$/);
		assert.equal(readFileSync(path.join(out, 'incomplete', kept[0]!)).length, HALF_IMAGE_CHUNKS * 250);
	} finally {
		terminal.kill();
		await pair.close();
	}
}

describe('the terminal hangs up while an image is half received (real pty, master closed)', {timeout: 60_000}, () => {
	it('the dashboard keeps the open image in incomplete/ and exits 0 within 2 s', async () => {
		await hangUpWithAnOpenImage([], /connected/);
	});

	it('headless mode on a pty does the same', async () => {
		await hangUpWithAnOpenImage(['--headless'], /connected/);
	});
});
