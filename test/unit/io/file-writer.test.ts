import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {FileWriter} from '../../../source/io/store/file-writer.js';
import {Prng} from '../../../source/simulator/prng.js';
import {tempDir} from '../../helpers/temp-dir.js';

describe('FileWriter', () => {
	it('writes every file byte for byte when far more is asked at once than its shared ring holds, and files larger than the ring', async () => {
		const out = tempDir();
		const writer = new FileWriter();
		const random = new Prng(3);
		const files = Array.from({length: 300}, (_, i) => {
			const data = Buffer.alloc(i === 150 ? 3 * 1024 * 1024 : random.int(1, 40_000));
			for (let k = 0; k < data.length; k += 997) data[k] = random.int(0, 255);
			return {name: path.join(out, `${i}.bin`), data};
		});
		try {
			await Promise.all(files.map(async ({name, data}) => writer.write(name, data)));
			for (const {name, data} of files) assert.ok(readFileSync(name).equals(data), name);
			await assert.rejects(writer.write(files[0]!.name, Buffer.from('again')), {code: 'EEXIST'});
			await writer.write(path.join(out, 'after.bin'), Buffer.from('still writing'));
			assert.equal(readFileSync(path.join(out, 'after.bin'), 'utf8'), 'still writing');
		} finally {
			await writer.close();
		}
	});

	it('writes the odd file without a thread of its own (a live relay), atomic and never replacing a file', async () => {
		const out = tempDir();
		let threads = 0;
		const counted = () => threads++;
		process.on('worker', counted);
		const writer = new FileWriter({durable: true});
		try {
			for (let i = 0; i < 20; i++)
				await Promise.all([writer.write(path.join(out, `${i}.jpg`), Buffer.from(`image ${i}`)), writer.write(path.join(out, `${i}b.jpg`), Buffer.alloc(50_000, i))]);
			await assert.rejects(writer.write(path.join(out, '3.jpg'), Buffer.from('again')), {code: 'EEXIST'});
			assert.equal(readFileSync(path.join(out, '3.jpg'), 'utf8'), 'image 3');
			assert.ok(readFileSync(path.join(out, '7b.jpg')).equals(Buffer.alloc(50_000, 7)));
			assert.equal(readdirSync(out).length, 40, 'no temporary file left');
			assert.equal(threads, 0);
		} finally {
			process.off('worker', counted);
			await writer.close();
		}
	});

	it('settles writes in the order they were asked for, on the pool and in the thread alike', async () => {
		const out = tempDir();
		const writer = new FileWriter();
		const settled: number[] = [];
		try {
			// Larger files first: on the pool they would finish last.
			await Promise.allSettled(
				Array.from({length: 12}, async (_, i) => {
					const name = path.join(out, i === 5 ? '0.bin' : `${i}.bin`);
					await writer.write(name, Buffer.alloc((12 - i) * 200_000, i)).finally(() => settled.push(i));
				}),
			);
			assert.deepEqual(settled, [...Array.from({length: 12}).keys()]);
		} finally {
			await writer.close();
		}
	});
});
