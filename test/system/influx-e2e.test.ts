import assert from 'node:assert/strict';
import {appendFileSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {wakeFrames, fakeJpeg, sha256Hex} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {runCli, startCli, type CliResult} from '../helpers/cli.js';
import {ADMIN, startInfluxd, type Influxd} from '../helpers/influxd.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';

/** Cameras of the hand-made wakes appended to the simulated capture. */
const FIRST_BOOT = 0x24_0a_c4_aa_00_01;
const ODD_READING = 0x24_0a_c4_aa_00_02;

interface JsonEvent {
	event: string;
	[key: string]: unknown;
}

function events(result: Pick<CliResult, 'stdout'> | string): JsonEvent[] {
	const text = typeof result === 'string' ? result : result.stdout;
	return text
		.split('\n')
		.filter(line => line.startsWith('{'))
		.map(line => JSON.parse(line) as JsonEvent);
}

/** The readings volt.log holds, one per HASH, as `mac reading`. */
function voltLog(out: string): string[] {
	return readFileSync(path.join(out, 'volt.log'), 'utf8')
		.trim()
		.split('\n')
		.map(line => line.split(',').slice(1).join(' '));
}

function sorted(list: string[]): string[] {
	return [...list].sort();
}

/**
 * A simulated capture, plus wakes a simulation does not make: a camera's
 * first boot (reading 100, then 87.5) and a reading that is no number.
 */
async function capture(folder: string): Promise<string> {
	const file = path.join(folder, 'capture.bin');
	const simulated = await runCli(['simulate', file, '--images', '12', '--cameras', '3', '--seed', '8', '--size', '96x64']);
	assert.equal(simulated.code, 0, simulated.stderr);
	const image = fakeJpeg(1200, 4);
	const odd = wakeFrames(ODD_READING, image);
	odd[0] = {...odd[0]!, payload: Buffer.from(`HASH:${sha256Hex(image)},VOLT:abc`, 'latin1')};
	appendFileSync(file, encodeFrames([...wakeFrames(FIRST_BOOT, image, {voltage: 100}), ...wakeFrames(FIRST_BOOT, fakeJpeg(900, 5), {voltage: 87}), ...odd]));
	return file;
}

describe('InfluxDB 1.x, the real influxd', {timeout: 120_000}, () => {
	let influx: Influxd;
	let file: string;
	// Made here, not in a hook: tempDir removes its folder after the whole file.
	const folder = tempDir();
	before(async () => {
		influx = await startInfluxd(path.join(folder, 'influxd'));
		file = await capture(folder);
	});
	after(async () => influx?.stop());

	it('a replay: every HASH reading arrives as the Python receiver writes it (100 skipped), an image point per image, the counters per camera', async () => {
		await influx.query('CREATE DATABASE cams');
		const out = tempDir();
		const result = await runCli(['--replay', file, '--out', out, '--json', '--influx', `${influx.url}?db=cams`]);
		assert.equal(result.code, 0, result.stderr);
		const all = events(result);
		const states = all.filter(event => event.event === 'sink').map(event => event.state);
		assert.deepEqual(states, ['connecting', 'connected', 'closed'], result.stdout);

		const readings = voltLog(out);
		assert.ok(readings.includes('24:0a:c4:aa:00:01 100'), 'the capture has a first-boot reading');
		assert.ok(readings.includes('24:0a:c4:aa:00:02 abc'), 'the capture has a reading that is no number');
		const expected = readings.filter(reading => !/ (100|abc)$/.test(reading));
		const rows = await influx.select('SELECT mac_address, voltage FROM data', 'cams');
		assert.deepEqual(sorted(rows.map(row => `${String(row.mac_address)} ${String(row.voltage)}`)), sorted(expected));
		assert.ok(rows.some(row => row.mac_address === '24:0a:c4:aa:00:01' && row.voltage === 87));
		const fieldTypes = await influx.select('SHOW FIELD KEYS FROM data', 'cams');
		assert.deepEqual(fieldTypes, [{fieldKey: 'voltage', fieldType: 'float'}]);
		const tagKeys = await influx.select('SHOW TAG KEYS FROM data', 'cams');
		assert.deepEqual(tagKeys, [{tagKey: 'mac_address'}]);

		const summary = all.find(event => event.event === 'summary')!;
		const images = await influx.select('SELECT * FROM esp_cam_image', 'cams');
		const imageEvents = all.filter(event => event.event === 'image');
		assert.equal(images.length, imageEvents.length);
		const count = (outcome: string) => images.filter(row => row.outcome === outcome).length;
		assert.deepEqual([count('verified'), count('unverified'), count('incomplete')], [summary.imagesVerified, summary.imagesUnverified, summary.imagesIncomplete]);
		assert.equal(
			images.reduce((sum, row) => sum + Number(row.bytes), 0),
			imageEvents.reduce((sum, event) => sum + Number(event.bytes), 0),
		);

		const cameras = await influx.select('SELECT * FROM esp_cam_camera', 'cams');
		assert.equal(cameras.length, 5, 'one point per camera at the end (a run shorter than a minute)');
		assert.equal(
			cameras.reduce((sum, row) => sum + Number(row.frames), 0),
			summary.frames,
		);
	});

	it('--influx-keep-100 keeps the first-boot reading', async () => {
		await influx.query('CREATE DATABASE keep');
		const result = await runCli(['--replay', file, '--out', tempDir(), '--json', '--influx', `${influx.url}?db=keep`, '--influx-keep-100']);
		assert.equal(result.code, 0, result.stderr);
		const rows = await influx.select(`SELECT voltage FROM data WHERE mac_address = '24:0a:c4:aa:00:01'`, 'keep');
		assert.deepEqual(
			rows.map(row => row.voltage),
			[100, 87],
		);
	});

	it('a database that does not exist: a plain message, every image still saved, exit 0', async () => {
		const out = tempDir();
		const result = await runCli(['--replay', file, '--out', out, '--json', '--influx', `${influx.url}?db=missing`]);
		assert.equal(result.code, 0, result.stderr);
		const sink = events(result).filter(event => event.event === 'sink');
		assert.ok(
			sink.some(event => event.state === 'failed' && String(event.detail).includes('database not found (HTTP 404): database not found: "missing"')),
			result.stdout,
		);
		assert.match(String(sink.at(-1)?.detail), /^\d+ points not sent; database not found/);
		const saved = events(result).filter(event => event.event === 'image' && event.path !== undefined);
		assert.equal(readdirSync(out).filter(name => name.endsWith('.jpg')).length, saved.filter(event => event.outcome !== 'incomplete').length);
	});

	it('a live pty stream with influxd stopped and started again: receiving goes on, images all saved, points resume, drops counted', async () => {
		await influx.query('CREATE DATABASE live');
		const folder = tempDir();
		const out = path.join(folder, 'out');
		const pair = await openPtyPair(folder);
		const simulator = startCli(['simulate', pair.relay, '--cameras', '3', '--interval', '0.3', '--seed', '5', '--size', '64x48']);
		const monitor = startCli(['--port', pair.host, '--out', out, '--json', '--influx', `${influx.url}?db=live`, '--influx-buffer', '6']);
		let restartedAt = Number.POSITIVE_INFINITY;
		const savedCount = () => events(monitor.stdout()).filter(event => event.event === 'image').length;
		try {
			await monitor.waitFor(/"state":"connected"/);
			await monitor.waitFor(/"event":"image"/);
			await influx.stop();
			await monitor.waitFor(/"state":"retrying"/);
			// Images go on being saved while the database is away: more than the buffer holds (two points each).
			const before = savedCount();
			for (let waited = 0; savedCount() < before + 5; waited += 100) {
				assert.ok(waited < 20_000, `receiving stalled while influxd was down:\n${monitor.stdout()}`);
				await delay(100);
			}

			restartedAt = Date.now();
			await influx.restart();
			const reconnected = await monitor.waitFor(/"state":"connected".*"dropped":[1-9]/, 20_000);
			assert.match(reconnected, /"sink":"influx"/);
			const resumed = savedCount();
			for (let waited = 0; savedCount() < resumed + 2; waited += 100) {
				assert.ok(waited < 10_000, 'images after the restart');
				await delay(100);
			}
		} finally {
			simulator.process.kill('SIGINT');
			await simulator.done();
			monitor.process.kill('SIGINT');
			await pair.close();
		}

		const result = await monitor.done();
		assert.equal(result.code, 0, result.stderr);
		const resumed = await influx.select(`SELECT count(voltage) FROM data WHERE time > ${restartedAt * 1_000_000}`, 'live');
		assert.ok(Number(resumed[0]?.count) > 0, 'readings after the restart arrived');
		const all = events(result);
		const retrying = all.filter(event => event.event === 'sink' && event.state === 'retrying').map(event => String(event.detail));
		assert.ok(
			retrying.length > 0 && retrying.every(detail => /^(connection refused|connection closed by the server|server error \(HTTP 500\): write failed)$/.test(detail)),
			retrying.join('\n'),
		);
		const closed = all.findLast(event => event.event === 'sink')!;
		assert.equal(closed.state, 'closed');
		assert.equal(closed.detail, undefined, 'nothing left unsent at the end');

		// Every image on disk: those reported saved are there.
		const paths = all.filter(event => event.event === 'image' && typeof event.path === 'string').map(event => String(event.path));
		assert.ok(paths.length > 7);
		for (const file of paths) assert.ok(readFileSync(file).length > 0, file);

		// Every point was either written or counted as dropped. A write the server took without saying so
		// (it stopped mid-answer) is sent again; if it is dropped later it counts as both, hence >=.
		const readings = voltLog(out).filter(reading => !/ (100|abc)$/.test(reading)).length;
		const images = all.filter(event => event.event === 'image').length;
		const [data] = await influx.select('SELECT count(voltage) FROM data', 'live');
		const [imagePoints] = await influx.select('SELECT count(bytes) FROM esp_cam_image', 'live');
		assert.ok(Number(closed.dropped) > 0, 'the small buffer overflowed');
		const written = Number(data?.count) + Number(imagePoints?.count);
		assert.ok(written <= readings + images, `${written} points written, ${readings + images} made`);
		assert.ok(written + Number(closed.dropped) >= readings + images, `${written} written + ${String(closed.dropped)} dropped < ${readings + images} made`);
	});
});

describe('InfluxDB 1.x with authentication', {timeout: 60_000}, () => {
	let influx: Influxd;
	const folder = tempDir();
	before(async () => {
		influx = await startInfluxd(folder, {auth: true});
		const made = await influx.query('CREATE DATABASE cams');
		assert.equal(made.results[0]?.error, undefined);
	});
	after(async () => influx?.stop());

	it('wrong credentials: a plain message without the password, receiving goes on; right ones (userinfo, u/p, or a user:password token) write', async () => {
		const image = fakeJpeg(3000, 9);
		const file = path.join(tempDir(), 'one.bin');
		writeFileSync(file, encodeFrames(wakeFrames(0x24_0a_c4_00_00_07, image, {voltage: 55})));
		const port = new URL(influx.url).port;
		const out = tempDir();
		const wrong = await runCli(['--replay', file, '--out', out, '--json', '--influx', `http://admin:not-the-password@127.0.0.1:${port}?db=cams`]);
		assert.equal(wrong.code, 0, wrong.stderr);
		const failed = events(wrong).find(event => event.event === 'sink' && event.state === 'failed');
		assert.match(String(failed?.detail), /^wrong credentials \(HTTP 401\)/);
		assert.match(String(failed?.target), /^http:\/\/admin@127\.0\.0\.1:\d+ db=cams$/);
		assert.doesNotMatch(wrong.stdout + wrong.stderr, /not-the-password/);
		assert.equal(readdirSync(out).filter(name => name.endsWith('.jpg')).length, 1, 'the image is saved');

		const human = await runCli(['--replay', file, '--out', tempDir(), '--headless', '--influx', `http://127.0.0.1:${port}?db=cams&u=admin&p=nope`]);
		assert.match(human.stdout, /influx +failed http:\/\/admin@127\.0\.0\.1:\d+ db=cams: wrong credentials \(HTTP 401\)/);
		assert.doesNotMatch(human.stdout + human.stderr, /p=nope|nope/);

		const rightOnes: [string, NodeJS.ProcessEnv][] = [
			[`http://${ADMIN.user}:${ADMIN.password}@127.0.0.1:${port}?db=cams`, {}],
			[`http://127.0.0.1:${port}?db=cams&u=${ADMIN.user}&p=${ADMIN.password}`, {}],
			[`http://127.0.0.1:${port}?db=cams`, {INFLUXDB_TOKEN: `${ADMIN.user}:${ADMIN.password}`}],
		];
		for (const [url, env] of rightOnes) {
			const right = await runCli(['--replay', file, '--out', tempDir(), '--json', '--influx', url], {env});
			assert.deepEqual(
				events(right)
					.filter(event => event.event === 'sink')
					.map(event => event.state),
				['connecting', 'connected', 'closed'],
				right.stdout,
			);
			assert.doesNotMatch(right.stdout, new RegExp(ADMIN.password));
		}

		const rows = await influx.select('SELECT voltage FROM data', 'cams');
		assert.deepEqual(
			rows.map(row => row.voltage),
			[55, 55, 55],
		);
	});
});
