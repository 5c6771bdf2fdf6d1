import assert from 'node:assert/strict';
import {readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {imageFileName} from '../../../source/io/store/output-layout.js';
import {OutputRetention} from '../../../source/outputs/retention/output-retention.js';
import {tempDir} from '../../helpers/temp-dir.js';

const MAC = 0x240a1b2c3d4e;
const HOUR_MS = 3_600_000;
/** --max-disk counts the blocks a file takes: images of whole blocks take what their size says. */
const BLOCK = 4096;

describe('timers when the wall clock steps (NTP on a Pi without a real-time clock)', () => {
	it('retention: a clock stepped back an hour does not hold the next --max-disk check for an hour', async () => {
		const out = tempDir();
		const image = (second: number) => writeFileSync(path.join(out, imageFileName(MAC, 20261101_000000 + second, 0)), Buffer.alloc(BLOCK, 0xff));
		image(1);
		let wall = Date.now();
		const retention = new OutputRetention({outDir: out, settings: {maxBytes: 1.5 * BLOCK}, report: () => undefined, periodMs: HOUR_MS, now: () => wall});
		retention.start();
		await retention.idle();
		wall -= HOUR_MS;
		image(2);
		retention.written(BLOCK);
		const checked = await Promise.race([retention.idle().then(() => true), delay(10_000).then(() => false)]);
		await retention.stop({abandon: true});
		assert.ok(checked, 'checked again within seconds');
		assert.equal(readdirSync(out).length, 1, 'the older image removed to keep within a block and a half');
	});
});
