import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {BatteryTrend} from '../../../source/core/health/battery-trend.js';
import {CameraHealth, type HealthChange} from '../../../source/core/health/camera-health.js';
import {formatDuration, parseInterval} from '../../../source/core/health/interval-text.js';
import {LossBuckets} from '../../../source/core/health/loss-buckets.js';
import {troubleFirst} from '../../../source/core/health/trouble.js';
import {WakeIntervals} from '../../../source/core/health/wake-intervals.js';
import {loadCameraFile, loadCameraNames} from '../../../source/cli/camera-names.js';
import {tempDir} from '../../helpers/temp-dir.js';

const S = 1000;
const MIN = 60 * S;
const CAM = 0x240a1b2c3d4e;
const OTHER = 0x240a1b2c3d4f;
const T0 = Date.parse('2026-11-25T08:00:00Z');
const image = {incomplete: false, countsForLoss: true};

/** Polls every second from `from` to `to`, collecting the changes. */
function pollEach(health: CameraHealth, from: number, to: number): HealthChange[] {
	const changes: HealthChange[] = [];
	for (let now = from; now <= to; now += S) changes.push(...health.poll(now));
	return changes;
}

describe('wake intervals', () => {
	it('waits for three intervals, then takes the median', () => {
		const wakes = new WakeIntervals();
		for (const at of [0, 5 * MIN, 10 * MIN]) wakes.add(T0 + at);
		assert.equal(wakes.usual(), undefined, 'two intervals are not enough');
		wakes.add(T0 + 15 * MIN);
		assert.equal(wakes.usual(), 5 * MIN);
	});

	it('is not moved by missed wakes', () => {
		const wakes = new WakeIntervals();
		// Every 5 min, but three wakes of ten never arrived (10 and 15 min intervals).
		for (const at of [0, 5, 10, 20, 25, 30, 45, 50, 55, 65]) wakes.add(T0 + at * MIN);
		assert.equal(wakes.usual(), 5 * MIN);
	});

	it('is not moved by bursts: images ending within 2 s are one wake, and a few short intervals do not move the median', () => {
		const wakes = new WakeIntervals();
		for (const at of [0, 0.5, 1.2, 60, 120, 120.4, 180, 195, 240, 300]) wakes.add(T0 + at * S);
		assert.equal(wakes.usual(), 60 * S);
	});

	it('merges wakes from earlier runs in any order with those of this run', () => {
		const wakes = new WakeIntervals();
		wakes.add(T0 + 30 * MIN);
		wakes.addMany([T0 + 20 * MIN, T0, T0 + 10 * MIN, T0 + 10 * MIN + 500]);
		assert.equal(wakes.last, T0 + 30 * MIN);
		assert.equal(wakes.usual(), 10 * MIN);
	});
});

describe('overdue and back', () => {
	it('a learned camera goes overdue after more than 3 of its intervals of silence, once, and is back at its next frame, once', () => {
		const health = new CameraHealth({startedAt: T0});
		for (let wake = 0; wake <= 4; wake++) health.imageEnded(CAM, T0 + wake * MIN, image);
		const lastWake = T0 + 4 * MIN;
		assert.deepEqual(pollEach(health, lastWake, lastWake + 3 * MIN), [], 'not overdue at exactly 3 intervals');
		const overdue = pollEach(health, lastWake + 3 * MIN + S, lastWake + 10 * MIN);
		assert.deepEqual(overdue, [{kind: 'overdue', mac: CAM, at: lastWake + 3 * MIN + S, silentMs: 3 * MIN + S, intervalMs: MIN, intervalFrom: 'learned', lastHeardAt: lastWake}]);
		assert.equal(health.view(CAM, lastWake + 10 * MIN)?.overdue, true);
		health.heard(CAM, lastWake + 10 * MIN + 200);
		assert.deepEqual(pollEach(health, lastWake + 10 * MIN + S, lastWake + 12 * MIN), [{kind: 'back', mac: CAM, at: lastWake + 10 * MIN + S, silentMs: 10 * MIN + 200}]);
		assert.equal(health.view(CAM, lastWake + 12 * MIN)?.overdue, false);
	});

	it('does not judge a camera before its interval is learned, nor sooner than a minute for a learned one', () => {
		const health = new CameraHealth({startedAt: T0});
		for (const at of [0, 5, 10]) health.imageEnded(CAM, T0 + at * S, image);
		assert.deepEqual(pollEach(health, T0 + 10 * S, T0 + 60 * MIN), [], 'two intervals only');
		health.imageEnded(OTHER, T0, image);
		for (const at of [5, 10, 15]) health.imageEnded(OTHER, T0 + at * S, image);
		assert.deepEqual(pollEach(health, T0 + 15 * S, T0 + 75 * S), [], 'a 5 s interval counts as 20 s: 60 s of silence is not yet overdue');
		assert.equal(health.poll(T0 + 76 * S).length, 1);
	});

	it('uses the interval from the cameras file, also for a camera never heard: silent since the start', () => {
		const health = new CameraHealth({startedAt: T0, intervals: new Map([[CAM, 2 * S]])});
		assert.deepEqual(health.knownCameras(), [CAM]);
		assert.equal(health.view(CAM, T0)?.neverSeen, true);
		assert.deepEqual(pollEach(health, T0, T0 + 6 * S), []);
		assert.deepEqual(health.poll(T0 + 6 * S + 1), [
			{kind: 'overdue', mac: CAM, at: T0 + 6 * S + 1, silentMs: 6 * S + 1, intervalMs: 2 * S, intervalFrom: 'cameras-file', lastHeardAt: undefined},
		]);
		health.imageEnded(CAM, T0 + 20 * S, image);
		assert.deepEqual(health.poll(T0 + 21 * S), [{kind: 'back', mac: CAM, at: T0 + 21 * S, silentMs: 20 * S}]);
		assert.equal(health.view(CAM, T0 + 21 * S)?.neverSeen, false);
	});

	it('time the program could not listen is no silence', () => {
		const health = new CameraHealth({startedAt: T0, intervals: new Map([[CAM, 10 * S]])});
		health.heard(CAM, T0);
		health.discount(25 * S, T0 + 25 * S);
		assert.deepEqual(health.poll(T0 + 50 * S), [], '25 s of 50 did not count');
		assert.equal(health.poll(T0 + 56 * S).length, 1);
	});

	it('time one camera could not be heard (its only relay unplugged) is no silence of its own, not of the others', () => {
		const health = new CameraHealth({
			startedAt: T0,
			intervals: new Map([
				[CAM, 10 * S],
				[OTHER, 10 * S],
			]),
		});
		health.heard(CAM, T0);
		health.heard(OTHER, T0);
		health.discountCamera(CAM, 25 * S, T0 + 25 * S);
		assert.deepEqual(
			health.poll(T0 + 50 * S).map(change => change.mac),
			[OTHER],
		);
		assert.equal(health.poll(T0 + 56 * S).length, 1);
	});

	it('learns from earlier runs: a camera last seen hours ago is known, and overdue at once', () => {
		const health = new CameraHealth({startedAt: T0});
		const history = [5, 4, 3, 2, 1].map(hours => T0 - 3 * 3_600_000 - hours * 5 * MIN);
		health.learnFromHistory(CAM, history);
		assert.deepEqual(health.knownCameras(), [CAM]);
		const view = health.view(CAM, T0);
		assert.equal(view?.neverSeen, false);
		assert.equal(view?.lastHeardAt, Math.max(...history));
		assert.equal(view?.intervalMs, 5 * MIN);
		const [change] = health.poll(T0);
		assert.equal(change?.kind, 'overdue');
		// An older image found in the folder later is no return.
		health.learnFromHistory(CAM, [T0 - 4 * 3_600_000]);
		assert.deepEqual(health.poll(T0 + S), []);
	});
});

describe('battery', () => {
	it('low at or below the threshold', () => {
		const health = new CameraHealth({startedAt: T0, batteryLowPercent: 30});
		health.battery(CAM, T0, 31);
		assert.equal(health.view(CAM, T0)?.batteryLow, false);
		health.battery(CAM, T0 + MIN, 30);
		assert.equal(health.view(CAM, T0)?.batteryLow, true);
		assert.equal(new CameraHealth({startedAt: T0}).view(CAM, T0), undefined);
	});

	it('falling fast: 10 points below the highest reading of the hour before the newest', () => {
		const trend = new BatteryTrend();
		for (const [minute, percent] of [
			[0, 90],
			[20, 88],
			[40, 85],
			[59, 81],
		] as const)
			trend.add(T0 + minute * MIN, percent);
		assert.equal(trend.isFallingFast(), false, '9 points in an hour');
		trend.add(T0 + 60 * MIN, 80);
		assert.equal(trend.isFallingFast(), true, '10 points in an hour');
		const slow = new BatteryTrend();
		for (const [minute, percent] of [
			[0, 90],
			[61, 85],
			[122, 80],
		] as const)
			slow.add(T0 + minute * MIN, percent);
		assert.equal(slow.isFallingFast(), false, '10 points over two hours');
		assert.deepEqual(slow.recent(2), [85, 80]);
	});
});

describe('loss', () => {
	it('the share of incomplete images over the last hour and day, in buckets', () => {
		const loss = new LossBuckets();
		assert.equal(loss.lastHour(T0), undefined);
		for (let minute = 0; minute < 120; minute += 10) loss.add(T0 + minute * MIN, minute === 0 || minute === 110);
		// The last hour at minute 120 is minutes 61..120: images at 70..110, 5, one incomplete. The day: 12 images, 2 incomplete.
		assert.equal(loss.lastHour(T0 + 120 * MIN), 1 / 5);
		assert.equal(loss.lastDay(T0 + 120 * MIN), 2 / 12);
		assert.equal(loss.lastHour(T0 + 200 * MIN), undefined, 'nothing in the last hour');
		assert.equal(loss.lastDay(T0 + 24 * 60 * MIN), 1 / 6, 'hours 1..24: the images of hour 1');
		assert.equal(loss.lastDay(T0 + 25 * 60 * MIN), undefined, 'nothing in the last day');
	});

	it('stays small: a camera sending all day keeps at most 60 minute and 24 hour buckets', () => {
		const loss = new LossBuckets();
		for (let minute = 0; minute < 3 * 24 * 60; minute++) loss.add(T0 + minute * MIN, minute % 4 === 0);
		const entries = loss as unknown as {minutes: {entries: number[]}; hours: {entries: number[]}};
		assert.ok(entries.minutes.entries.length <= 60 * 3);
		assert.ok(entries.hours.entries.length <= 24 * 3);
		assert.equal(loss.lastHour(T0 + (3 * 24 * 60 - 1) * MIN), 15 / 60);
	});

	it('images cut by our own stop are not loss', () => {
		const health = new CameraHealth({startedAt: T0});
		health.imageEnded(CAM, T0, {incomplete: true, countsForLoss: false});
		health.imageEnded(CAM, T0 + MIN, {incomplete: false, countsForLoss: true});
		assert.equal(health.view(CAM, T0 + MIN)?.lossHour, 0);
	});
});

describe('trouble first', () => {
	it('puts overdue, then battery, then failing cameras first, and keeps the order otherwise', () => {
		const view = (overrides: object) => ({overdue: false, neverSeen: false, battery: [], batteryLow: false, batteryFalling: false, ...overrides});
		const cameras = [
			{id: 'a'},
			{id: 'b', health: view({lossHour: 0.5})},
			{id: 'c', health: view({batteryFalling: true})},
			{id: 'd'},
			{id: 'e', health: view({overdue: true})},
			{id: 'f', health: view({lossHour: 0.1})},
		];
		assert.deepEqual(
			troubleFirst(cameras).map(camera => camera.id),
			['e', 'c', 'b', 'f', 'a', 'd'],
		);
	});
});

describe('cameras file intervals', () => {
	it('reads intervals from JSON and TOML beside the old forms', async () => {
		const folder = tempDir();
		const json = path.join(folder, 'cameras.json');
		writeFileSync(json, JSON.stringify({'24:0a:1b:2c:3d:4e': {name: 'gate', interval: '5m'}, '24:0a:1b:2c:3d:4f': 'porch', 'aa:bb:cc:dd:ee:ff': {interval: 90}}));
		const fromJson = await loadCameraFile(json);
		assert.deepEqual(
			[...fromJson.names],
			[
				[CAM, 'gate'],
				[OTHER, 'porch'],
			],
		);
		assert.deepEqual(
			[...fromJson.intervals],
			[
				[CAM, 5 * MIN],
				[0xaabbccddeeff, 90 * S],
			],
		);
		const toml = path.join(folder, 'cfg.toml');
		writeFileSync(toml, '[usb_cdc_receiver]\nporch = "24:0a:1b:2c:3d:4f"\n\n[cameras.gate]\nmac = "24:0A:1B:2C:3D:4E"\ninterval = "90s"\n');
		const fromToml = await loadCameraFile(toml);
		assert.deepEqual(
			[...fromToml.names],
			[
				[OTHER, 'porch'],
				[CAM, 'gate'],
			],
		);
		assert.deepEqual([...fromToml.intervals], [[CAM, 90 * S]]);
		assert.deepEqual(
			[...(await loadCameraNames(toml))],
			[
				[OTHER, 'porch'],
				[CAM, 'gate'],
			],
		);
	});

	it('refuses an interval that is no time, naming the camera', async () => {
		const file = path.join(tempDir(), 'cameras.json');
		writeFileSync(file, JSON.stringify({'24:0a:1b:2c:3d:4e': {name: 'gate', interval: 'often'}}));
		await assert.rejects(loadCameraFile(file), (error: Error) => error.message.includes(file) && error.message.includes('24:0a:1b:2c:3d:4e') && error.message.includes('often'));
	});

	it('parses times and says spans', () => {
		assert.equal(parseInterval('5m'), 5 * MIN);
		assert.equal(parseInterval('1.5h'), 90 * MIN);
		assert.equal(parseInterval('500ms'), 500);
		assert.equal(parseInterval(' 90 s '), 90 * S);
		assert.equal(parseInterval(30), 30 * S);
		for (const bad of ['', 'soon', '-5m', '0s', '2d', '25h', null, true]) assert.equal(parseInterval(bad), undefined, String(bad));
		assert.deepEqual([1200, 45 * S, 12 * MIN, 200 * MIN, 180 * MIN].map(formatDuration), ['1.2 s', '45 s', '12 min', '3 h 20 min', '3 h']);
	});
});
