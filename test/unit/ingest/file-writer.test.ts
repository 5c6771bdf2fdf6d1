import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {FileWriter} from '../../../source/ingest/file-writer.js';
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
});
