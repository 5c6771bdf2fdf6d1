import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {Recorder} from '../../../source/io/recording/recorder.js';
import {fakeJpeg} from '../../helpers/camera-frames.js';
import {recordFiles} from '../../helpers/record-files.js';
import {tempDir} from '../../helpers/temp-dir.js';

describe('Recorder with a size limit (--record-max-size, --record-files)', () => {
	async function record(file: string, chunks: Buffer[], limit: {maxBytes: number; keep: number}): Promise<void> {
		const recorder = await Recorder.open(file, {limit});
		for (const chunk of chunks) {
			recorder.write(chunk);
			// One write at a time, as the port delivers them.
			await new Promise(resolve => setImmediate(resolve));
		}

		await recorder.close();
		assert.equal(recorder.problem, undefined);
	}

	it('starts a new file before one passes the size, the earlier ones numbered as logrotate does, every byte kept in order', async () => {
		const file = path.join(tempDir(), 'capture.bin');
		const chunks = Array.from({length: 20}, (_, i) => fakeJpeg(1000 + i, i + 1));
		await record(file, chunks, {maxBytes: 4096, keep: 10});
		const files = recordFiles(file);
		assert.equal(files.length, 5, 'four chunks of about 1000 bytes a file');
		for (const bytes of files) assert.ok(bytes.length <= 4096, `${bytes.length} bytes`);
		assert.deepEqual(Buffer.concat(files), Buffer.concat(chunks));
	});

	it('keeps only the newest earlier files; a file an earlier run left counts with its size', async () => {
		const file = path.join(tempDir(), 'capture.bin');
		writeFileSync(file, Buffer.alloc(3000, 0xaa));
		const chunks = Array.from({length: 20}, (_, i) => fakeJpeg(1000 + i, i + 1));
		await record(file, chunks, {maxBytes: 4096, keep: 2});
		const files = recordFiles(file);
		assert.equal(files.length, 3, 'capture.bin, .1 and .2');
		const everything = Buffer.concat([Buffer.alloc(3000, 0xaa), ...chunks]);
		const kept = Buffer.concat(files);
		assert.deepEqual(kept, everything.subarray(everything.length - kept.length), 'the newest bytes, in order');
		assert.ok(kept.length > 2 * 3000, 'three files of about 4 KiB');
	});
});
