import assert from 'node:assert/strict';
import {closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {CameraTimeline, compareEntries, type TimelineEntry} from '../../../source/dashboard/history/camera-timeline.js';
import {ImageHistory} from '../../../source/dashboard/history/image-history.js';
import {OutputRetention} from '../../../source/outputs/retention/output-retention.js';
import {imageFileName, parseImageName} from '../../../source/io/store/output-layout.js';
import type {SessionEvent} from '../../../source/session/session-events.js';
import {fileTimestamp} from '../../../source/io/store/timestamps.js';
import {tempDir} from '../../helpers/temp-dir.js';

const CAMERA_A = 0x240a_c400_8d10;
const CAMERA_B = 0x240a_c401_8e11;
const ONE_DAY = 86_400_000;
const localMs = (year: number, month: number, day: number, hours: number, minutes: number, seconds: number) => new Date(year, month - 1, day, hours, minutes, seconds).getTime();

/** The name ImageStore gives an image that ended at `epochMs`. */
function nameAt(mac: number, epochMs: number, reason?: string): string {
	return `${mac.toString(16).padStart(12, '0')}_${fileTimestamp(epochMs * 1000)}${reason ? `_${reason}` : ''}.jpg`;
}

function imageEvent(mac: number, file: string, outcome: 'verified' | 'unverified' | 'incomplete', reason?: 'gap'): SessionEvent {
	return {kind: 'image', at: Date.now(), mac, outcome, reason, bytes: 1, chunks: 1, missingFrames: 0, path: file};
}

describe('image file names', () => {
	it('reads the names ImageStore writes, in local time to the microsecond', () => {
		const good = parseImageName('240ac4008d10_20261124_010106_851234.jpg', 'good');
		assert.deepEqual(good, {mac: CAMERA_A, stamp: 20261124010106, micros: 851234, at: localMs(2026, 11, 24, 1, 1, 6) + 851.234, reason: undefined});
		const cut = parseImageName('240ac4008d10_20261124_010106_000001_hash-mismatch.jpg', 'incomplete');
		assert.equal(cut?.reason, 'hash-mismatch');
		assert.equal(cut?.micros, 1);
		assert.equal(parseImageName('240ac4008d10_20240229_235959_999999.jpg', 'unverified')?.stamp, 20240229235959, 'a leap day');
	});

	it('makes the same name again from what it read', () => {
		for (const [name, folder] of [
			['240ac4008d10_20261124_010106_851234.jpg', 'good'],
			['000000000001_19991231_000000_000000_shutdown.jpg', 'incomplete'],
		] as const) {
			const parsed = parseImageName(name, folder)!;
			assert.equal(imageFileName(parsed.mac, parsed.stamp, parsed.micros, parsed.reason), name);
		}
	});

	it('ignores every other name, and odd names never throw', () => {
		const notOurs: [string, 'good' | 'incomplete'][] = [
			['240AC4008D10_20261124_010106_851234.jpg', 'good'], // upper case: not a name of ours
			['240ac4008d1_20261124_010106_851234.jpg', 'good'], // 11 hex digits
			['240ac4008d10_20261124_010106_85123.jpg', 'good'], // 5 digits of microseconds
			['240ac4008d10_20261124_010106_851234.jpeg', 'good'],
			['240ac4008d10_20261124_010106_851234.jpg.bak', 'good'],
			['240ac4008d10_20261124_010106_851234_gap.jpg', 'good'], // an incomplete name outside incomplete/
			['240ac4008d10_20261124_010106_851234.jpg', 'incomplete'], // no reason inside incomplete/
			['240ac4008d10_20261124_010106_851234_melted.jpg', 'incomplete'], // no such reason
			['240ac4008d10_20261124_010106_851234_gap_gap.jpg', 'incomplete'],
			['.240ac4008d10_20261124_010106_851234.jpg.4242-7.partial', 'good'], // a temporary of a killed run
			['240ac4008d10_20261324_010106_851234.jpg', 'good'], // month 13
			['240ac4008d10_20261100_010106_851234.jpg', 'good'], // day 0
			['240ac4008d10_20250229_010106_851234.jpg', 'good'], // no 29 February in 2025
			['240ac4008d10_20261131_010106_851234.jpg', 'good'], // no 31 November
			['240ac4008d10_20261124_240000_000000.jpg', 'good'],
			['240ac4008d10_20261124_016000_000000.jpg', 'good'],
			['240ac4008d10_20261124_010160_000000.jpg', 'good'], // no leap seconds in our names
			['240ac4008d10_00011124_010106_851234.jpg', 'good'], // year 1
			['240ac4008d10_２０261124_010106_851234.jpg', 'good'], // full-width digits
			['240ac4008d10_20261124_010106_851234.jpg\n', 'good'],
			['\u001B]0;pwned\u0007_20261124_010106_851234.jpg', 'good'],
			['', 'good'],
			['.jpg', 'good'],
			['volt.log', 'good'],
			['incomplete', 'good'],
			['x'.repeat(100_000), 'good'],
			[`240ac4008d10_20261124_010106_851234_${'a'.repeat(10_000)}.jpg`, 'incomplete'],
			['\uD800\uDC00\uFFFF\u0000.jpg', 'incomplete'],
		];
		for (const [name, folder] of notOurs) assert.equal(parseImageName(name, folder), undefined, JSON.stringify(name.slice(0, 60)));
	});
});

describe('a camera timeline', () => {
	const entry = (time: number, code = 0): TimelineEntry => ({time, stamp: time, micros: 0, code});
	const times = (timeline: CameraTimeline) => Array.from({length: timeline.length}, (_, index) => timeline.entry(index)!.time);

	it('keeps images sorted, whatever order batches and single images come in', () => {
		const timeline = new CameraTimeline();
		const all: number[] = [];
		let seed = 7;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
		for (let batch = 0; batch < 40; batch++) {
			const entries = Array.from({length: Math.floor(random() * 200)}, () => entry(Math.floor(random() * 1e9)));
			all.push(...entries.map(({time}) => time));
			timeline.insertSorted(entries.sort(compareEntries));
			const single = Math.floor(random() * 1e9);
			all.push(single);
			timeline.insert(entry(single));
		}

		assert.deepEqual(
			times(timeline),
			[...new Set(all)].sort((a, b) => a - b),
		);
	});

	it('takes the same file once, keeping what is known of its outcome', () => {
		const timeline = new CameraTimeline();
		timeline.insertSorted([entry(1), entry(2), entry(3)]);
		timeline.insertSorted([entry(2, 1), entry(2, 1), entry(3), entry(4)]);
		timeline.insert(entry(4));
		timeline.insert(entry(1, 2));
		assert.deepEqual(times(timeline), [1, 2, 3, 4]);
		assert.deepEqual(
			Array.from({length: 4}, (_, index) => timeline.entry(index)!.code),
			[2, 1, 0, 0],
		);
		timeline.insertSorted([entry(2, 16), entry(2, 17)]);
		assert.deepEqual(times(timeline), [1, 2, 2, 2, 3, 4], 'an incomplete image of the same time is another file');
	});

	it('takes out the images it is given in one pass, the others kept in order, unknown ones passed over', () => {
		const timeline = new CameraTimeline();
		timeline.insertSorted([entry(1), entry(2), entry(2, 16), entry(3, 1), entry(5), entry(8)]);
		timeline.removeSorted([entry(0), entry(2, 16), entry(3), entry(4), entry(8)]);
		assert.deepEqual(times(timeline), [1, 2, 5], 'the verified image of time 3 is the file found as good');
		assert.equal(timeline.entry(1)!.code, 0, 'the good image of time 2 stays, its incomplete namesake went');
		timeline.removeSorted([entry(1), entry(2), entry(5)]);
		assert.equal(timeline.length, 0);
	});
});

describe('the image history of an output folder', {timeout: 60_000}, () => {
	it('indexes the folder by camera, oldest first, and ignores what is not ours', async () => {
		const out = tempDir('history-');
		mkdirSync(path.join(out, 'incomplete'));
		mkdirSync(path.join(out, 'unverified'));
		const base = localMs(2026, 11, 24, 1, 0, 0);
		const files = [
			path.join(out, nameAt(CAMERA_A, base + 3000)),
			path.join(out, 'incomplete', nameAt(CAMERA_A, base + 1000, 'gap')),
			path.join(out, 'unverified', nameAt(CAMERA_A, base + 2000)),
			path.join(out, nameAt(CAMERA_A, base)),
			path.join(out, nameAt(CAMERA_B, base + 500)),
			path.join(out, 'volt.log'),
			path.join(out, 'notes.txt'),
			path.join(out, '.240ac4008d10_20261124_010106_851234.jpg.4242-7.partial'),
			path.join(out, 'incomplete', 'README'),
		];
		for (const file of files) writeFileSync(file, '');
		mkdirSync(path.join(out, nameAt(CAMERA_A, base + 4000)), {recursive: true}); // a folder with an image's name

		const history = new ImageHistory(out);
		await history.index();
		assert.deepEqual(history.state, {state: 'done'});
		assert.equal(history.count(CAMERA_A), 4);
		assert.deepEqual(
			Array.from({length: 4}, (_, index) => history.entry(CAMERA_A, index)),
			[
				{at: base, outcome: 'good', reason: undefined, path: files[3]},
				{at: base + 1000, outcome: 'incomplete', reason: 'gap', path: files[1]},
				{at: base + 2000, outcome: 'unverified', reason: undefined, path: files[2]},
				{at: base + 3000, outcome: 'good', reason: undefined, path: files[0]},
			],
		);
		assert.deepEqual(history.knownCameras(), [
			{mac: CAMERA_A, lastImageAt: base + 3000, images: 4},
			{mac: CAMERA_B, lastImageAt: base + 500, images: 1},
		]);
		assert.deepEqual([...history.imageTimes(CAMERA_A)], [base, base + 1000, base + 2000, base + 3000]);
		assert.equal(history.otherNames, 4, 'volt.log, notes.txt, the temporary, README');
	});

	it('a folder it cannot read leaves the images of the others, and says why', async () => {
		const out = tempDir('history-');
		writeFileSync(path.join(out, 'unverified'), 'a file where a folder should be');
		writeFileSync(path.join(out, nameAt(CAMERA_A, localMs(2026, 11, 24, 1, 0, 0))), '');
		mkdirSync(path.join(out, 'incomplete'));
		writeFileSync(path.join(out, 'incomplete', nameAt(CAMERA_A, localMs(2026, 11, 24, 2, 0, 0), 'gap')), '');
		const history = new ImageHistory(out);
		await history.index();
		assert.equal(history.state.state, 'failed');
		assert.match((history.state as {message: string}).message, /ENOTDIR/);
		assert.equal(history.count(CAMERA_A), 2);
	});

	it('a folder that does not exist yet is an empty history', async () => {
		const history = new ImageHistory(path.join(tempDir('history-'), 'not-yet'));
		await history.index();
		assert.deepEqual(history.state, {state: 'done'});
		assert.deepEqual(history.knownCameras(), []);
	});

	it("adds this run's images from their events, once each, also when the listing finds them too", async () => {
		const out = tempDir('history-');
		const base = localMs(2026, 11, 24, 1, 0, 0);
		const earlier = path.join(out, nameAt(CAMERA_A, base));
		const written = path.join(out, nameAt(CAMERA_A, base + 60_000));
		writeFileSync(earlier, '');
		writeFileSync(written, '');
		const history = new ImageHistory(out);
		history.listener(imageEvent(CAMERA_A, written, 'verified')); // before the listing reaches it
		await history.index();
		const cut = path.join(out, 'incomplete', nameAt(CAMERA_A, base + 30_000, 'gap'));
		history.listener(imageEvent(CAMERA_A, cut, 'incomplete', 'gap'));
		history.listener(imageEvent(CAMERA_A, written, 'verified'));
		history.listener({kind: 'relay-text', at: 0, text: 'hello'});
		history.listener(imageEvent(CAMERA_B, path.join(out, 'odd name.jpg'), 'verified'));
		assert.deepEqual(
			Array.from({length: history.count(CAMERA_A)}, (_, index) => history.entry(CAMERA_A, index)!.outcome),
			['good', 'incomplete', 'verified'],
		);
		assert.equal(history.entry(CAMERA_A, 1)!.path, cut);
		assert.deepEqual(history.knownCameras(), [{mac: CAMERA_A, lastImageAt: base + 60_000, images: 3}]);
	});

	it('stepping back stays on its image while new and older images are added; reaching the newest follows it again', async () => {
		const out = tempDir('history-');
		const base = localMs(2026, 11, 24, 1, 0, 0);
		for (let minute = 1; minute <= 5; minute++) writeFileSync(path.join(out, nameAt(CAMERA_A, base + minute * 60_000)), '');
		const history = new ImageHistory(out);
		await history.index();
		const shown = (anchor: ReturnType<ImageHistory['step']>) => history.entry(CAMERA_A, history.indexOf(CAMERA_A, anchor))!.at;

		assert.equal(history.step(CAMERA_A, undefined, 'newest'), undefined);
		let anchor = history.step(CAMERA_A, undefined, 'older');
		assert.equal(shown(anchor), base + 4 * 60_000);
		anchor = history.step(CAMERA_A, anchor, 'older');
		assert.equal(history.indexOf(CAMERA_A, anchor), 2);
		history.listener(imageEvent(CAMERA_A, path.join(out, nameAt(CAMERA_A, base + 6 * 60_000)), 'verified'));
		history.listener(imageEvent(CAMERA_A, path.join(out, 'incomplete', nameAt(CAMERA_A, base, 'gap')), 'incomplete'));
		assert.equal(shown(anchor), base + 3 * 60_000, 'still the same image');
		assert.equal(history.indexOf(CAMERA_A, anchor), 3);
		assert.equal(shown(undefined), base + 6 * 60_000, 'following: the newest');

		anchor = history.step(CAMERA_A, anchor, 'oldest');
		assert.equal(history.indexOf(CAMERA_A, anchor), 0);
		assert.equal(history.step(CAMERA_A, anchor, 'older')?.time, anchor?.time, 'the oldest stays');
		for (let index = 1; index < 6; index++) {
			anchor = history.step(CAMERA_A, anchor, 'newer');
			assert.equal(history.indexOf(CAMERA_A, anchor), index);
		}

		assert.equal(history.step(CAMERA_A, anchor, 'newer'), undefined, 'at the newest: following again');
		assert.equal(history.step(CAMERA_B, undefined, 'older'), undefined, 'a camera without images');
		assert.equal(history.indexOf(CAMERA_B, undefined), -1);
	});

	it('forgets the images retention removes, also while the folder is being listed', async () => {
		const out = tempDir('history-');
		mkdirSync(path.join(out, 'incomplete'));
		const base = localMs(2026, 11, 24, 1, 0, 0);
		const files = Array.from({length: 5000}, (_, index) =>
			index % 5 === 0
				? path.join(out, 'incomplete', nameAt(CAMERA_A + (index % 2), base + index * 60_000, 'gap'))
				: path.join(out, nameAt(CAMERA_A + (index % 2), base + index * 60_000)),
		);
		for (const file of files) closeSync(openSync(file, 'w'));
		const history = new ImageHistory(out);
		const shownPaths = () => [CAMERA_A, CAMERA_A + 1].flatMap(mac => Array.from({length: history.count(mac)}, (_, index) => history.entry(mac, index)!.path));
		const onDisk = () => files.filter(file => existsSync(file)).sort();

		// Retention removes the oldest half as soon as the listing has read its first batch
		// (some of them listed already, some read ahead by the directory stream, some not yet read).
		const unsubscribe = history.subscribe(() => {
			if (history.state.state !== 'listing' || !existsSync(files[0]!)) return;
			for (const file of files.slice(0, 2500)) unlinkSync(file);
			history.forget(files.slice(0, 2500).map(file => ({folder: path.basename(path.dirname(file)) === 'incomplete' ? 'incomplete' : 'good', name: path.basename(file)})));
		});
		await history.index();
		unsubscribe();
		assert.equal(onDisk().length, 2500);
		assert.deepEqual(shownPaths().sort(), onDisk());

		// After the listing: a real sweep removes the images set to an old time (the files are new).
		for (const file of files.slice(2500, 3000)) utimesSync(file, new Date(base), new Date(base));
		const retention = new OutputRetention({outDir: out, settings: {maxAgeMs: ONE_DAY}, report: () => undefined, removed: images => history.forget(images)});
		retention.start();
		await retention.idle();
		await retention.stop();
		assert.equal(onDisk().length, 2000);
		assert.deepEqual(shownPaths().sort(), onDisk());
	});

	it('lists 20,000 files without holding up the event loop', async () => {
		// Real files; in memory where there is a tmpfs, since 20,000 files on a busy disk take long to make.
		const out = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/esp-cam-history-') : tempDir('history-');
		after(() => rmSync(out, {recursive: true, force: true}));
		mkdirSync(path.join(out, 'incomplete'));
		const base = localMs(2026, 1, 1, 0, 0, 0);
		for (let index = 0; index < 20_000; index++) {
			const mac = CAMERA_A + (index % 6);
			const at = base + ((index * 7919) % 20_000) * 61_000; // not in order
			closeSync(openSync(index % 10 === 0 ? path.join(out, 'incomplete', nameAt(mac, at, 'timeout')) : path.join(out, nameAt(mac, at)), 'w'));
		}

		const history = new ImageHistory(out);
		let last = performance.now();
		let longestGap = 0;
		let ticks = 0;
		const timer = setInterval(() => {
			const now = performance.now();
			longestGap = Math.max(longestGap, now - last);
			last = now;
			ticks++;
		}, 1);
		last = performance.now();
		await history.index();
		const ticksWhileListing = ticks;
		clearInterval(timer);
		longestGap = Math.max(longestGap, performance.now() - last);

		assert.equal(
			history.knownCameras().reduce((sum, camera) => sum + camera.images, 0),
			20_000,
		);
		for (let camera = 0; camera < 6; camera++) {
			const times = history.imageTimes(CAMERA_A + camera);
			for (let index = 1; index < times.length; index++) assert.ok(times[index - 1]! < times[index]!, 'sorted');
		}

		// That it yields is what is tested; how long it holds the loop is the benchmark's (npm run bench: history index), not a test's.
		assert.ok(ticksWhileListing >= 20, `the timer fired ${ticksWhileListing} times while the folder was listed (longest wait ${longestGap.toFixed(0)} ms)`);
	});
});
