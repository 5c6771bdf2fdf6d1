/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import App from '../../../source/dashboard/app.js';
import {CameraHealth} from '../../../source/core/health/camera-health.js';
import {feedHealth} from '../../../source/session/feed-health.js';
import {Pipeline} from '../../../source/session/pipeline.js';
import type {Session} from '../../../source/session/session.js';
import {KeyStream} from '../../../source/terminal/keyboard.js';
import {CameraPanel} from '../../../source/dashboard/camera-panel/camera-panel.js';
import {DashboardModel, type CameraView} from '../../../source/dashboard/dashboard-model.js';
import {fixedTime, NowContext} from '../../../source/dashboard/now-context.js';
import {feedOpenImage, SETTINGS} from '../../helpers/fake-session.js';
import {frameMatching, noPreviews, show} from '../../helpers/ink-render.js';

const FINE = 0x111111111111;
const GATE = 0x240a1b2c3d4e;
const PORCH = 0x240a1b2c3d4f;

/** A real Pipeline and camera health behind a dashboard model, as Session wires them, without an input. */
function healthSession(startedAt: number) {
	const pipeline = new Pipeline({outDir: SETTINGS.out});
	const health = new CameraHealth({startedAt, intervals: new Map([[GATE, 1000]]), known: [GATE, PORCH]});
	pipeline.on(event => feedHealth(health, event, Date.now()));
	const session = {pipeline, settings: SETTINGS, health} as unknown as Session;
	const model = new DashboardModel(
		SETTINGS,
		new Map([
			[GATE, 'gate'],
			[PORCH, 'porch'],
		]),
	).bind(session);
	pipeline.on(model.listener);
	return {pipeline, health, model};
}

describe('camera health on the dashboard', {timeout: 30_000}, () => {
	it('shows a named camera never seen, an overdue one in the header and the log, and s brings it to the front', async () => {
		const now = Date.now();
		const {pipeline, health, model} = healthSession(now - 10_000);
		feedOpenImage(pipeline, FINE, 1, now);
		health.heard(GATE, now - 9000);
		for (const change of health.poll(now)) pipeline.emit(change);
		const keys = new KeyStream();
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => undefined} />);
		const frame = await frameMatching(lastFrame, /overdue/);
		assert.match(frame, /1 overdue · images/);
		assert.match(frame, /porch 24:0a:1b:2c:3d:4f ○ never seen/);
		assert.match(frame, /gate 24:0a:1b:2c:3d:4e ● overdue/);
		assert.match(frame, /last seen 9 s ago/);
		assert.match(frame, /overdue +gate \(24:0a:1b:2c:3d:4e\) overdue: silent for 9 s, expected every 1 s/);
		const order = (text: string) => [FINE, GATE, PORCH].map(mac => text.indexOf(mac === FINE ? '11:11:11:11:11:11' : mac === GATE ? 'gate 24' : 'porch 24'));
		const [fine, gate, porch] = order(frame);
		assert.ok(fine! < gate! && gate! < porch!, 'by MAC at first');
		keys.feed('s');
		const sorted = await frameMatching(lastFrame, /s trouble first/);
		const [fineAfter, gateAfter] = order(sorted);
		assert.ok(gateAfter! < fineAfter!, `the overdue camera first:\n${sorted}`);
		keys.feed('s');
		const back = await frameMatching(lastFrame, /^(?![\s\S]*trouble first)/);
		const [fineAgain, gateAgain] = order(back);
		assert.ok(fineAgain! < gateAgain!, 'the usual order again');
	});

	it('panels say never seen, last seen, overdue, battery flags and loss, within 40 columns', () => {
		const now = Date.now();
		const base: CameraView = {
			mac: GATE,
			macText: '24:0a:1b:2c:3d:4e',
			name: 'gate',
			images: {verified: 0, unverified: 0, incomplete: 0},
			frames: 0,
			gaps: 0,
			missingFrames: 0,
			checksumErrors: 0,
			throughput: 0,
			history: [0, 0, 0],
		};
		const healthy = {overdue: false, neverSeen: false, battery: [], batteryLow: false, batteryFalling: false};
		const cases: [CameraView, RegExp[]][] = [
			[{...base, health: {...healthy, neverSeen: true}}, [/○ never seen/, /last —/, /loss 1h — · day —/]],
			[{...base, health: {...healthy, lastHeardAt: now - 3 * 3_600_000, overdue: true, intervalMs: 300_000}}, [/● overdue · expected every 5 min/, /last seen 3 h ago/]],
			[
				{
					...base,
					batteryPercent: 18,
					batteryReading: '18',
					batteryInRange: true,
					images: {verified: 9, unverified: 0, incomplete: 3},
					lastImageAt: now - 5000,
					health: {...healthy, battery: [40, 30, 25, 18], batteryLow: true, batteryFalling: true, lossHour: 0.25, lossDay: 0.05},
				},
				[/18% low/, /loss 1h 25% · day 5% · battery █▅▃▁/, /last \d\d:\d\d:\d\d \(5 s ago\)/],
			],
			[
				{...base, batteryPercent: 70, batteryReading: '70', batteryInRange: true, health: {...healthy, battery: [90, 80, 70], batteryFalling: true, lossHour: 0, lossDay: 0.004}},
				[/70% falling/, /loss 1h 0% · day <1%/],
			],
		];
		for (const [camera, patterns] of cases) {
			const {lastFrame} = show(
				<NowContext.Provider value={fixedTime(now)}>
					<CameraPanel camera={camera} width={40} previewRows={0} selected={false} previews={noPreviews} />
				</NowContext.Provider>,
			);
			const frame = lastFrame()!;
			for (const pattern of patterns) assert.match(frame, pattern);
			const lines = frame.split('\n');
			assert.equal(lines.length, 10, `a panel is 10 rows:\n${frame}`);
			for (const line of lines) assert.ok([...line].length <= 40, `within 40 columns: "${line}"`);
		}
	});
});

describe('the header counts overdue cameras it shows', () => {
	it('a camera health still remembers but the pipeline forgot (no panel) is not counted', () => {
		const now = Date.now();
		const {pipeline, health, model} = healthSession(now - 100_000);
		const forgotten = 0x240a00000001;
		// It woke every 30 s for a while, then the reassembler let it go (a phantom flood): no stats, no panel.
		for (let at = now - 100_000; at <= now - 40_000; at += 10_000) health.imageEnded(forgotten, at - 50_000, {incomplete: false, countsForLoss: true});
		health.heard(GATE, now);
		for (const change of health.poll(now)) pipeline.emit(change);
		assert.ok(health.view(forgotten, now)?.overdue, 'health finds it overdue');
		const snapshot = model.snapshot(now);
		assert.equal(
			snapshot.cameras.some(camera => camera.mac === forgotten),
			false,
		);
		assert.equal(snapshot.overdue, snapshot.cameras.filter(camera => camera.health?.overdue).length);
	});
});
