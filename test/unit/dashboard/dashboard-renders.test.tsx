/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import path from 'node:path';
import {Box} from 'ink';
import App from '../../../source/dashboard/app.js';
import {Preview} from '../../../source/dashboard/preview/preview.js';
import {PreviewCache} from '../../../source/dashboard/preview/preview-cache.js';
import {Pipeline} from '../../../source/session/pipeline.js';
import type {Session} from '../../../source/session/session.js';
import {KeyStream} from '../../../source/terminal/keyboard.js';
import {DashboardModel} from '../../../source/dashboard/dashboard-model.js';
import {feedOpenImage, SETTINGS, modelWithPipeline} from '../../helpers/fake-session.js';
import {frameMatching, noPreviews, show} from '../../helpers/ink-render.js';
import {countRenders} from '../../helpers/render-counter.js';

const counts = await countRenders();
const CAMERAS = [0x240a1b2c3d40, 0x240a1b2c3d41];
/** Two of the dashboard's once-a-second ticks, and a little. */
const TWO_TICKS_MS = 2300;

describe('what the dashboard renders again', {timeout: 30_000}, () => {
	it('a tick with nothing new renders what shows time, not the panels or the log', async () => {
		const {pipeline, model} = modelWithPipeline();
		// Bytes a minute ago: no rate or sparkline moves any more.
		for (const mac of CAMERAS) feedOpenImage(pipeline, mac, 3, Date.now() - 60_000);
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed={false} keys={new KeyStream()} onQuit={() => undefined} />);
		await frameMatching(lastFrame, /receiving 3 chunks/);
		// Settled: the selection is pinned to the first camera once it is there.
		await delay(500);
		counts.reset();
		await delay(TWO_TICKS_MS);
		// Without a screen to draw over the frame (no ScreenOutput here), what shows time renders at each tick by itself.
		assert.ok(counts.of('TickingText') >= 2, `the uptime renders at each tick: ${counts.of('TickingText')}`);
		assert.equal(counts.of('App'), 0, 'the snapshot stays the same: the dashboard does not render again');
		assert.equal(counts.of('Header'), 0, 'nor the header');
		assert.equal(counts.of('CameraPanel'), 0, 'no panel renders again');
		assert.equal(counts.of('LogPane'), 0, 'nor the log pane');
		assert.equal(counts.of('Footer'), 0, 'nor the footer');
	});

	it('a camera that changed renders its own panel again, not the others', async () => {
		const {pipeline, model} = modelWithPipeline();
		for (const mac of CAMERAS) feedOpenImage(pipeline, mac, 3, Date.now() - 60_000);
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed={false} keys={new KeyStream()} onQuit={() => undefined} />);
		await frameMatching(lastFrame, /receiving 3 chunks/);
		await delay(1100);
		counts.reset();
		feedOpenImage(pipeline, CAMERAS[1]!, 5, Date.now() - 60_000);
		await frameMatching(lastFrame, /receiving 5 chunks/);
		assert.equal(counts.of('CameraPanel'), 1, "the changed camera's panel only");
	});
});

describe('previews render again', {timeout: 30_000}, () => {
	it("when their own picture is made, not when another camera's new image is", async () => {
		const previews = new PreviewCache(file => Promise.resolve(`PICTURE ${path.basename(file)}`));
		const {lastFrame} = show(
			<Box flexDirection="column">
				<Preview cache={previews} file="/images/a.jpg" width={20} height={2} />
				<Preview cache={previews} file="/images/b.jpg" width={20} height={2} />
			</Box>,
		);
		await frameMatching(lastFrame, /PICTURE a\.jpg[\s\S]*PICTURE b\.jpg/);
		counts.reset();
		// A new image of a third camera, made ready for its panel before the panel shows it.
		await previews.prepare('/images/c.jpg');
		await delay(100);
		assert.equal(counts.of('Preview'), 0, 'the previews on screen did not change');
		assert.equal(counts.commits(), 0, 'so no frame');
	});
});

describe('the snapshot keeps what did not change', () => {
	it('gives the same camera views and log lines again, new ones for a camera that changed', () => {
		const {pipeline, model} = modelWithPipeline();
		for (const mac of CAMERAS) feedOpenImage(pipeline, mac, 3, Date.now() - 60_000);
		const first = model.snapshot();
		const second = model.snapshot();
		assert.deepEqual(
			second.cameras.map((camera, index) => camera === first.cameras[index]),
			[true, true],
		);
		assert.equal(second.log, first.log);
		feedOpenImage(pipeline, CAMERAS[1]!, 5, Date.now() - 60_000);
		const third = model.snapshot();
		assert.equal(third.cameras[0], first.cameras[0]);
		assert.notEqual(third.cameras[1], first.cameras[1]);
		assert.equal(third.cameras[1]!.receiving?.chunks, 5);
	});
});

describe('a snapshot is made again only when something shown changed', () => {
	it('while rates and sparklines settle after bytes stop, then never; a step of the wall clock at once', () => {
		const clock = {time: Date.now(), wallShift: 0, monotonicMs: () => clock.time, wallMs: () => clock.time + clock.wallShift};
		const pipeline = new Pipeline({outDir: SETTINGS.out});
		const model = new DashboardModel(SETTINGS, new Map(), clock).bind({pipeline, settings: SETTINGS} as unknown as Session);
		pipeline.on(model.listener);
		model.snapshot();
		feedOpenImage(pipeline, CAMERAS[0]!, 5, clock.time);
		let last = model.snapshot();
		const newAt: number[] = [];
		for (let second = 1; second <= 30; second++) {
			clock.time += 1000;
			const next = model.snapshot();
			if (next !== last) newAt.push(second);
			last = next;
		}

		assert.ok(newAt.length > 0 && newAt.at(-1)! <= 11, `new snapshots only while the last 10 s had bytes: at ${newAt.join(', ')} s`);
		assert.equal(last.rate, 0);
		assert.deepEqual(last.cameras[0]!.history, new Array(10).fill(0));
		assert.equal(last.cameras[0]!.throughput, 0);
		assert.equal(model.sampledAt, clock.time, 'the time shown moves all the same');
		clock.wallShift = 3_600_000;
		const stepped = model.snapshot();
		assert.notEqual(stepped, last, 'a step of the wall clock shows at once');
		assert.equal(stepped.startedAt - last.startedAt, 3_600_000);
	});
});
