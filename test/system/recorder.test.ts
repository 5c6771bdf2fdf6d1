import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {Recorder, type RecordEvent} from '../../source/io/recording/recorder.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {jsonEvents, runCli, startCli, waitForSaved} from '../helpers/cli.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {recordFiles} from '../helpers/record-files.js';
import {openPtyPair, writeToDevice} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';
import {smallDisk} from '../helpers/tmpfs.js';

const MAC = 0x240a1b2c3d4e;

function nextEvent(events: RecordEvent[], count: number, timeoutMs = 5000): Promise<RecordEvent> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const check = () => {
			if (events.length >= count) resolve(events[count - 1]!);
			else if (Date.now() - started > timeoutMs) reject(new Error(`no record event ${count} within ${timeoutMs} ms`));
			else setTimeout(check, 20);
		};

		check();
	});
}

describe('Recorder on a real disk that fills up', () => {
	it('keeps what arrives while the disk is full and writes it, byte-exact, once there is room', async () => {
		const disk = smallDisk();
		const file = path.join(disk.dir, 'record.bin');
		const events: RecordEvent[] = [];
		const recorder = await Recorder.open(file, {onEvent: event => events.push(event)});
		const chunks = Array.from({length: 40}, (_, i) => fakeJpeg(1000 + i, i + 1));
		for (const chunk of chunks.slice(0, 10)) recorder.write(chunk);
		await new Promise(resolve => setTimeout(resolve, 50));
		disk.fill();
		for (const chunk of chunks.slice(10)) recorder.write(chunk);
		const failing = await nextEvent(events, 1);
		assert.equal(failing.state, 'failing');
		assert.equal(failing.message, 'no space left on the device');
		assert.ok(recorder.failing);
		disk.free();
		const resumed = await nextEvent(events, 2);
		assert.equal(resumed.state, 'recording');
		assert.equal(resumed.lostBytes, 0);
		await recorder.close();
		assert.deepEqual(readFileSync(file), Buffer.concat(chunks));
		assert.equal(recorder.problem, undefined);
	});

	it('keeps a bounded amount, counts what it had to drop, and says the file is not byte-exact', async () => {
		const disk = smallDisk();
		const file = path.join(disk.dir, 'record.bin');
		const events: RecordEvent[] = [];
		const recorder = await Recorder.open(file, {onEvent: event => events.push(event), maxPendingBytes: 10_000});
		disk.fill();
		for (let i = 0; i < 30; i++) recorder.write(fakeJpeg(1000, i + 1));
		await nextEvent(events, 1);
		disk.free();
		const resumed = await nextEvent(events, 2);
		assert.equal(resumed.lostBytes, 20_000);
		await recorder.close();
		assert.equal(readFileSync(file).length, 10_000);
		assert.match(recorder.problem!, /^record file .* is missing 20000 bytes received while it could not be written \(no space left on the device\): it is not byte-exact$/);
	});
});

describe('--record-max-size: the built CLI on a real pseudo-terminal pair', {timeout: 60_000}, () => {
	it('records into several files that, joined in order, replay to every image', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const file = path.join(root, 'capture.bin');
		const monitor = startCli(['--headless', '--json', '--port', pair.host, '--out', path.join(root, 'out'), '--record', file, '--record-max-size', '8K', '--record-files', '20']);
		try {
			await monitor.waitFor(/"state":"connected"/);
			const images = Array.from({length: 6}, (_, i) => fakeJpeg(3000, i + 1));
			for (const [index, image] of images.entries()) {
				writeToDevice(pair.relay, encodeFrames(wakeFrames(MAC, image)));
				await waitForSaved(monitor, index + 1);
			}

			monitor.process.kill('SIGTERM');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
			const files = recordFiles(file);
			assert.ok(files.length >= 3, `${files.length} files`);
			for (const bytes of files) assert.ok(bytes.length <= 8192, `${bytes.length} bytes`);
			const joined = path.join(root, 'joined.bin');
			writeFileSync(joined, Buffer.concat(files));
			const replayed = await runCli(['--replay', joined, '--out', path.join(root, 'replayed'), '--json']);
			assert.equal(replayed.code, 0, replayed.stderr);
			const saved = jsonEvents(replayed.stdout).filter(event => event.event === 'image' && event.outcome === 'verified');
			assert.equal(saved.length, images.length);
		} finally {
			monitor.process.kill('SIGKILL');
			await pair.close();
		}
	});
});
