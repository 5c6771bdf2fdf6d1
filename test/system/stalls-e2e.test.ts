import assert from 'node:assert/strict';
import {closeSync, openSync, readdirSync, writeSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {jsonEvents, startCli, waitForSaved} from '../helpers/cli.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {START_MARKER} from '../../source/core/protocol/constants.js';
import {DEFAULT_STALL_MS} from '../../source/core/protocol/frame-decoder.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';

const MAC = 0x240a1b2c3d4e;
/** How often the session ticks (MonitorSession's TICK_MS). */
const TICK_MS = 250;

/** Two wakes of one camera: the first makes it a known camera, the second is the one that stalls. */
function stream(): {first: Buffer; second: Buffer} {
	return {first: encodeFrames(wakeFrames(MAC, fakeJpeg(600, 1))), second: encodeFrames(wakeFrames(MAC, fakeJpeg(1500, 2)))};
}

describe('stalls over a real pseudo-terminal pair', {timeout: 60_000}, () => {
	it('an image behind a false start (a start marker whose frame never comes) is saved at the stall limit, not a tick later', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const monitor = startCli(['--headless', '--json', '--port', pair.host, '--out', path.join(root, 'out')]);
		try {
			await monitor.waitFor(/"state":"connected"/);
			const relay = openSync(pair.relay, 'w');
			writeSync(relay, stream().first);
			await waitForSaved(monitor, 1);
			// A DATA header claiming 1280 bytes, then at once the next wake: fewer bytes than it claims, then silence.
			const falseStart = Buffer.concat([START_MARKER, Buffer.alloc(6), Buffer.from([2]), Buffer.alloc(4), Buffer.from([0, 0, 5, 0])]);
			const wake = encodeFrames(wakeFrames(MAC, fakeJpeg(600, 3)));
			assert.ok(wake.length < 1280);
			const sent = Date.now();
			writeSync(relay, Buffer.concat([falseStart, wake]));
			await waitForSaved(monitor, 2, 10_000);
			const tookMs = Date.now() - sent;
			closeSync(relay);
			assert.ok(tookMs >= DEFAULT_STALL_MS, `not before the stall limit: ${tookMs} ms`);
			// Released when due (it was at the first regular tick after that: up to 250 ms later, ~4.1 s in all).
			assert.ok(tookMs <= DEFAULT_STALL_MS + TICK_MS, `saved ${tookMs} ms after it was sent`);
		} finally {
			monitor.process.kill('SIGKILL');
			await pair.close();
		}
	});

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
			await waitForSaved(monitor, 2);

			// The monitor itself is stopped for longer than the stall limit while a frame is half read.
			writeSync(relay, first.subarray(0, 300));
			await delay(300);
			monitor.process.kill('SIGSTOP');
			await delay(500);
			writeSync(relay, first.subarray(300));
			await delay(4500);
			monitor.process.kill('SIGCONT');
			await waitForSaved(monitor, 3);
			closeSync(relay);

			monitor.process.kill('SIGTERM');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
			const outcomes = jsonEvents(result.stdout)
				.filter(event => event.event === 'image')
				.map(event => event.outcome);
			assert.deepEqual(outcomes, ['verified', 'verified', 'verified']);
			assert.equal(readdirSync(path.join(out, 'incomplete')).length, 0);
		} finally {
			monitor.process.kill('SIGKILL');
			await pair.close();
		}
	});
});
