import assert from 'node:assert/strict';
import {closeSync, openSync, writeFileSync, writeSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {jsonEvents, startCli} from '../helpers/cli.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';

const GATE = 0x240a1b2c3d4e;
const INTERVAL_MS = 700;

describe('a camera that goes quiet, over a real pseudo-terminal pair', {timeout: 60_000}, () => {
	it('is reported overdue once after 3 of its intervals (from the cameras file), and back once when it sends again', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const cameras = path.join(root, 'cameras.json');
		// porch is named but has no interval and never sends: never judged.
		writeFileSync(cameras, JSON.stringify({'24:0a:1b:2c:3d:4e': {name: 'gate', interval: `${INTERVAL_MS}ms`}, '24:0a:1b:2c:3d:4f': 'porch'}));
		const monitor = startCli(['--headless', '--json', '--port', pair.host, '--out', path.join(root, 'out'), '--cameras', cameras]);
		let relay: number | undefined;
		try {
			await monitor.waitFor(/"state":"connected"/);
			relay = openSync(pair.relay, 'w');
			writeSync(relay, encodeFrames(wakeFrames(GATE, fakeJpeg(600, 1), {voltage: 80})));
			await monitor.waitFor(/"outcome":"verified"/);
			const overdueLine = await monitor.waitFor(/"event":"overdue"/, 10_000);
			const overdue = JSON.parse(overdueLine) as Record<string, unknown>;
			assert.equal(overdue.mac, '24:0a:1b:2c:3d:4e');
			assert.equal(overdue.name, 'gate');
			assert.equal(overdue.intervalMs, INTERVAL_MS);
			assert.equal(overdue.intervalFrom, 'cameras-file');
			assert.ok((overdue.silentMs as number) > 3 * INTERVAL_MS, `silent for more than 3 intervals: ${overdueLine}`);
			assert.equal(typeof overdue.lastHeardAt, 'string');

			// Silent a while longer: still one overdue event.
			await delay(1000);
			writeSync(relay, encodeFrames(wakeFrames(GATE, fakeJpeg(700, 2), {voltage: 79})));
			const backLine = await monitor.waitFor(/"event":"back"/, 10_000);
			const back = JSON.parse(backLine) as Record<string, unknown>;
			assert.equal(back.mac, '24:0a:1b:2c:3d:4e');
			assert.ok((back.silentMs as number) > 3 * INTERVAL_MS + 900, backLine);
			const health = jsonEvents(monitor.stdout()).filter(event => event.event === 'overdue' || event.event === 'back');
			assert.deepEqual(
				health.map(event => [event.event, event.mac]),
				[
					['overdue', '24:0a:1b:2c:3d:4e'],
					['back', '24:0a:1b:2c:3d:4e'],
				],
				'porch, never heard and without an interval, is not judged',
			);
			assert.ok(!health.some(event => event.mac === '24:0a:1b:2c:3d:4f'));
		} finally {
			if (relay !== undefined) closeSync(relay);
			monitor.process.kill('SIGINT');
			const result = await monitor.done();
			await pair.close();
			assert.equal(result.code, 0, result.stderr);
		}
	});

	it('says it in words in the event lines', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const cameras = path.join(root, 'cameras.toml');
		writeFileSync(cameras, `[cameras.gate]\nmac = "24:0A:1B:2C:3D:4E"\ninterval = "0.4s"\n`);
		const monitor = startCli(['--headless', '--port', pair.host, '--out', path.join(root, 'out'), '--cameras', cameras]);
		try {
			await monitor.waitFor(/port +connected/);
			const relay = openSync(pair.relay, 'w');
			writeSync(relay, encodeFrames(wakeFrames(GATE, fakeJpeg(600, 1))));
			const line = await monitor.waitFor(/overdue/, 10_000);
			assert.match(line, /overdue +gate \(24:0a:1b:2c:3d:4e\) overdue: silent for 1\.\d s, expected every 0\.4 s \(cameras file\)/);
			writeSync(relay, encodeFrames(wakeFrames(GATE, fakeJpeg(600, 2))));
			assert.match(await monitor.waitFor(/back/, 10_000), /back +gate \(24:0a:1b:2c:3d:4e\) back after \d+(\.\d)? s of silence/);
			closeSync(relay);
		} finally {
			monitor.process.kill('SIGINT');
			const result = await monitor.done();
			await pair.close();
			assert.equal(result.code, 0, result.stderr);
		}
	});
});
