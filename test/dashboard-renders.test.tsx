/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import App from '../source/app.js';
import {KeyStream} from '../source/terminal/keyboard.js';
import {feedOpenImage, trackedMonitor} from './helpers/fake-session.js';
import {frameMatching, noPreviews, show} from './helpers/ink-render.js';
import {countRenders} from './helpers/render-counter.js';

const counts = await countRenders();
const CAMERAS = [0x240a1b2c3d40, 0x240a1b2c3d41];
/** Two of the dashboard's once-a-second ticks, and a little. */
const TWO_TICKS_MS = 2300;

describe('what the dashboard renders again', {timeout: 30_000}, () => {
	it('a tick with nothing new renders what shows time, not the panels or the log', async () => {
		const {monitor, tracker} = trackedMonitor();
		// Bytes a minute ago: no rate or sparkline moves any more.
		for (const mac of CAMERAS) feedOpenImage(monitor, mac, 3, Date.now() - 60_000);
		const {lastFrame} = show(<App tracker={tracker} previews={noPreviews} previewsAllowed={false} keys={new KeyStream()} onQuit={() => undefined} />);
		await frameMatching(lastFrame, /receiving 3 chunks/);
		counts.reset();
		await delay(TWO_TICKS_MS);
		assert.ok(counts.of('Header') >= 2, `the header (uptime) renders at each tick: ${counts.of('Header')}`);
		assert.equal(counts.of('CameraPanel'), 0, 'no panel renders again');
		assert.equal(counts.of('LogPane'), 0, 'nor the log pane');
		assert.equal(counts.of('Footer'), 0, 'nor the footer');
	});

	it('a camera that changed renders its own panel again, not the others', async () => {
		const {monitor, tracker} = trackedMonitor();
		for (const mac of CAMERAS) feedOpenImage(monitor, mac, 3, Date.now() - 60_000);
		const {lastFrame} = show(<App tracker={tracker} previews={noPreviews} previewsAllowed={false} keys={new KeyStream()} onQuit={() => undefined} />);
		await frameMatching(lastFrame, /receiving 3 chunks/);
		await delay(1100);
		counts.reset();
		feedOpenImage(monitor, CAMERAS[1]!, 5, Date.now() - 60_000);
		await frameMatching(lastFrame, /receiving 5 chunks/);
		assert.equal(counts.of('CameraPanel'), 1, 'the changed camera\'s panel only');
	});
});

describe('the snapshot keeps what did not change', () => {
	it('gives the same camera views and log lines again, new ones for a camera that changed', () => {
		const {monitor, tracker} = trackedMonitor();
		for (const mac of CAMERAS) feedOpenImage(monitor, mac, 3, Date.now() - 60_000);
		const first = tracker.snapshot();
		const second = tracker.snapshot();
		assert.deepEqual(
			second.cameras.map((camera, index) => camera === first.cameras[index]),
			[true, true],
		);
		assert.equal(second.log, first.log);
		feedOpenImage(monitor, CAMERAS[1]!, 5, Date.now() - 60_000);
		const third = tracker.snapshot();
		assert.equal(third.cameras[0], first.cameras[0]);
		assert.notEqual(third.cameras[1], first.cameras[1]);
		assert.equal(third.cameras[1]!.receiving?.chunks, 5);
	});
});
