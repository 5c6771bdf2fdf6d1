import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {startInfluxd, type Influxd} from '../helpers/influxd.js';
import {tempDir} from '../helpers/temp-dir.js';

const root = tempDir();

describe('the summary with InfluxDB refusing every point', {timeout: 60_000}, () => {
	let influx: Influxd;
	const capture = path.join(root, 'capture.bin');
	before(async () => {
		influx = await startInfluxd(path.join(root, 'influxd'));
		const simulated = await runCli(['simulate', capture, '--images', '6', '--cameras', '2', '--seed', '4', '--size', '64x48']);
		assert.equal(simulated.code, 0, simulated.stderr);
	});
	after(async () => influx?.stop());

	it('counts the points never sent (a database that does not exist), as the closing line does', async () => {
		const result = await runCli(['--replay', capture, '--out', path.join(root, 'out'), '--influx', `${influx.url}?db=missing`]);
		assert.equal(result.code, 0, result.stderr);
		const closed = /influx +closed [^\n]*: (\d+) points not sent; database not found/.exec(result.stdout);
		assert.ok(closed, result.stdout);
		assert.match(result.stdout, new RegExp(`summary [^\\n]*; influx, ${closed[1]} never sent`));
	});
});
