import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {closeSync, openSync, readdirSync, readFileSync, writeSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {FrameType} from '../../source/core/protocol/constants.js';
import {encodeFrame, hashPayload} from '../../source/core/protocol/frame-encoder.js';
import {jsonEvents, runCli, startCli} from '../helpers/cli.js';
import {fakeJpeg, sha256Hex} from '../helpers/camera-frames.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';

function sha256Files(folder: string): string[] {
	return readdirSync(folder)
		.filter(name => name.endsWith('.jpg'))
		.map(name =>
			createHash('sha256')
				.update(readFileSync(path.join(folder, name)))
				.digest('hex'),
		)
		.sort();
}

describe('over a real pseudo-terminal pair', {timeout: 120_000}, () => {
	it('simulator → pty → headless monitor: the files are the images sent; --record replays the same', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const out = path.join(root, 'out');
		const record = path.join(root, 'record.bin');
		const monitor = startCli(['--headless', '--json', '--port', pair.host, '--out', out, '--record', record]);
		try {
			await monitor.waitFor(/"state":"connected"/);
			const manifest = path.join(root, 'manifest.json');
			const simulated = await runCli(
				['simulate', pair.relay, '--cameras', '3', '--images', '9', '--interval', '0.4', '--seed', '21', '--size', '96x64', '--loss', '0.01', '--manifest', manifest],
				{timeoutMs: 60_000},
			);
			assert.equal(simulated.code, 0, simulated.stderr);
			const sent = JSON.parse(readFileSync(manifest, 'utf8')) as {sha256: string; intact: boolean}[];
			const intact = sent.filter(image => image.intact);
			assert.ok(intact.length > 0);
			// Everything sent has been handled once the last image is reported.
			await waitForImages(monitor, sent.length - intact.length > 0 ? intact.length : sent.length);
			monitor.process.kill('SIGINT');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);

			const saved = sha256Files(out);
			for (const image of intact) assert.ok(saved.includes(image.sha256), `intact image ${image.sha256} missing`);
			for (const hash of saved)
				assert.ok(
					sent.some(image => image.sha256 === hash),
					`unknown image ${hash} saved as good`,
				);
			const events = jsonEvents(result.stdout);
			assert.ok(
				events.some(event => event.event === 'relay-text'),
				'relay log lines come through',
			);

			const replayOut = path.join(root, 'replayed');
			const replayed = await runCli(['--replay', record, '--out', replayOut]);
			assert.equal(replayed.code, 0, replayed.stderr);
			assert.deepEqual(sha256Files(replayOut), saved);
		} finally {
			monitor.process.kill('SIGKILL');
			await pair.close();
		}
	});

	it('SIGINT in the middle of an image: it goes to incomplete/ and the exit status is 0', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const out = path.join(root, 'out');
		const monitor = startCli(['--headless', '--port', pair.host, '--out', out, '--record', path.join(root, 'rec.bin')]);
		try {
			await monitor.waitFor(/connected/);
			const image = fakeJpeg(5000, 3);
			const mac = 0x240a1b2c3d4e;
			const relay = openSync(pair.relay, 'w');
			writeSync(relay, encodeFrame(mac, FrameType.Hash, 0, hashPayload(sha256Hex(image), 50)));
			for (let sequence = 1; sequence <= 8; sequence++) {
				writeSync(relay, encodeFrame(mac, FrameType.Data, sequence, image.subarray((sequence - 1) * 250, sequence * 250)));
			}

			closeSync(relay);
			await waitUntil(() => readFileSync(path.join(root, 'rec.bin')).length >= 8 * 277);
			const started = Date.now();
			monitor.process.kill('SIGINT');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
			assert.ok(Date.now() - started < 2000, 'exits within 2 s');
			const incomplete = readdirSync(path.join(out, 'incomplete'));
			assert.equal(incomplete.length, 1);
			assert.match(incomplete[0]!, /^240a1b2c3d4e_\d{8}_\d{6}_\d{6}_shutdown\.jpg$/);
			assert.deepEqual(readFileSync(path.join(out, 'incomplete', incomplete[0]!)), image.subarray(0, 2000));
			assert.deepEqual(
				readdirSync(out).filter(name => name.endsWith('.jpg')),
				[],
			);
			assert.match(result.stdout, /partial .* incomplete: shutdown/);
		} finally {
			monitor.process.kill('SIGKILL');
			await pair.close();
		}
	});

	it('waits for a missing port, then connects; after an unplug it reconnects and receives again', async () => {
		const root = tempDir();
		const out = path.join(root, 'out');
		const host = path.join(root, 'tty-host');
		const monitor = startCli(['--headless', '--port', host, '--out', out]);
		try {
			await monitor.waitFor(/waiting .*not found/);
			let pair = await openPtyPair(root);
			await monitor.waitFor(/port +connected/);
			await pair.close(); // unplug: the device node disappears
			await monitor.waitFor(/port +reconnecting/);
			pair = await openPtyPair(root);
			await waitUntil(() => (monitor.stdout().match(/port +connected/g) ?? []).length >= 2, 15_000);
			const image = fakeJpeg(800, 8);
			const relay = openSync(pair.relay, 'w');
			const mac = 0x112233445566;
			writeSync(relay, encodeFrame(mac, FrameType.Hash, 0, hashPayload(sha256Hex(image), 90)));
			for (let sequence = 1; sequence <= 4; sequence++) {
				writeSync(relay, encodeFrame(mac, FrameType.Data, sequence, image.subarray((sequence - 1) * 250, sequence * 250)));
			}

			writeSync(relay, encodeFrame(mac, FrameType.Eof, 0, Buffer.from('EOF!')));
			closeSync(relay);
			await monitor.waitFor(/saved +11:22:33:44:55:66 .* verified/);
			monitor.process.kill('SIGTERM');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0);
			await pair.close();
		} finally {
			monitor.process.kill('SIGKILL');
		}
	});
});

async function waitForImages(monitor: ReturnType<typeof startCli>, count: number): Promise<void> {
	await waitUntil(() => jsonEvents(monitor.stdout()).filter(event => event.event === 'image' && event.outcome !== 'incomplete').length >= count, 30_000);
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}
