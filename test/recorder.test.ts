import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {Recorder, type RecordEvent} from '../source/ingest/recorder.js';
import {fakeJpeg} from './helpers/camera-frames.js';
import {smallDisk} from './helpers/tmpfs.js';

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
