import assert from 'node:assert/strict';
import {closeSync, openSync, readdirSync, writeSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {jsonEvents, startCli} from './helpers/cli.js';
import {fakeJpeg, wakeFrames} from './helpers/camera-frames.js';
import {encodeFrames} from './helpers/encode-frames.js';
import {openPtyPair} from './helpers/pty-pair.js';
import {tempDir} from './helpers/temp-dir.js';

const MAC = 0x240a1b2c3d4e;

/** Two wakes of one camera: the first makes it a known camera, the second is the one that stalls. */
function stream(): {first: Buffer; second: Buffer} {
	return {first: encodeFrames(wakeFrames(MAC, fakeJpeg(600, 1))), second: encodeFrames(wakeFrames(MAC, fakeJpeg(1500, 2)))};
}

describe('stalls over a real pseudo-terminal pair', {timeout: 60_000}, () => {
	it('a 3 s pause inside a frame, and the program stopped (SIGSTOP) for 5 s: nothing is lost', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const out = path.join(root, 'out');
		const monitor = startCli(['--headless', '--json', '--port', pair.host, '--out', out]);
		try {
			await monitor.waitFor(/"state":"connected"/);
			const relay = openSync(pair.relay, 'w');
			const {first, second} = stream();
			writeSync(relay, first);
			await monitor.waitFor(/"outcome":"verified"/);

			// The relay's USB stalls for 3 s in the middle of a frame.
			writeSync(relay, second.subarray(0, 400));
			await delay(3000);
			writeSync(relay, second.subarray(400));
			await waitForImages(monitor, 2);

			// The monitor itself is stopped for longer than the stall limit while a frame is half read.
			writeSync(relay, first.subarray(0, 300));
			await delay(300);
			monitor.process.kill('SIGSTOP');
			await delay(500);
			writeSync(relay, first.subarray(300));
			await delay(4500);
			monitor.process.kill('SIGCONT');
			await waitForImages(monitor, 3);
			closeSync(relay);

			monitor.process.kill('SIGTERM');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
			const outcomes = jsonEvents(result.stdout).filter(event => event['event'] === 'image').map(event => event['outcome']);
			assert.deepEqual(outcomes, ['verified', 'verified', 'verified']);
			assert.equal(readdirSync(path.join(out, 'incomplete')).length, 0);
		} finally {
			monitor.process.kill('SIGKILL');
			await pair.close();
		}
	});
});

async function waitForImages(monitor: ReturnType<typeof startCli>, count: number): Promise<void> {
	const deadline = Date.now() + 15_000;
	while (jsonEvents(monitor.stdout()).filter(event => event['event'] === 'image').length < count) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} images; stdout:\n${monitor.stdout()}`);
		await delay(50);
	}
}
