import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {PreviewCache, type PreviewState} from '../../../source/dashboard/preview/preview-cache.js';
import {JpegFactory} from '../../../source/simulator/jpeg-factory.js';
import {tempDir} from '../../helpers/temp-dir.js';

async function settled(cache: PreviewCache, file: string, width: number, height: number): Promise<PreviewState> {
	for (let waited = 0; waited < 10_000; waited += 20) {
		const state = cache.get(file, width, height);
		if (state.state !== 'loading') return state;
		await delay(20);
	}

	throw new Error('preview never finished');
}

describe('PreviewCache with the preview worker', {timeout: 30_000}, () => {
	it('renders a real JPEG as coloured text cells no larger than asked, once per image and size', async () => {
		const file = path.join(tempDir(), 'camera.jpg');
		writeFileSync(file, new JpegFactory({width: 160, height: 120}).image(1, 2));
		const cache = new PreviewCache();
		const state = await settled(cache, file, 30, 6);
		assert.equal(state.state, 'ready');
		const lines = (state as {text: string}).text.replace(/\n+$/, '').split('\n');
		assert.ok(lines.length <= 6, `${lines.length} rows`);
		assert.ok(lines.every(line => line.replace(/\u001B\[[\d;]*m/g, '').length <= 30));
		assert.strictEqual(cache.get(file, 30, 6), state, 'the same rendering, not made again');
	});

	it('says so when an image cannot be decoded', async () => {
		const file = path.join(tempDir(), 'broken.jpg');
		writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]));
		const state = await settled(new PreviewCache(), file, 30, 6);
		assert.equal(state.state, 'failed');
	});
});
