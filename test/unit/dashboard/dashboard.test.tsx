/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import App from '../../../source/dashboard/app.js';
import {CameraGrid} from '../../../source/dashboard/camera-grid/camera-grid.js';
import {CameraPanel} from '../../../source/dashboard/camera-panel/camera-panel.js';
import {viewReducer, initialViewState} from '../../../source/dashboard/view-state.js';
import type {CameraView} from '../../../source/dashboard/dashboard-model.js';
import {computeLayout} from '../../../source/dashboard/layout.js';
import {PreviewCache} from '../../../source/dashboard/preview/preview-cache.js';
import {sparkline} from '../../../source/dashboard/sparkline.js';
import {KeyStream} from '../../../source/terminal/keyboard.js';
import {feedOpenImage, modelWithPipeline} from '../../helpers/fake-session.js';
import {noPreviews, show} from '../../helpers/ink-render.js';

const CAMERA: CameraView = {
	mac: 0x240a1b2c3d4e,
	macText: '24:0a:1b:2c:3d:4e',
	name: 'garden',
	images: {verified: 12, unverified: 3, incomplete: 2},
	frames: 612,
	gaps: 4,
	missingFrames: 9,
	checksumErrors: 5,
	lastOutcome: 'incomplete',
	lastReason: 'gap',
	lastImageAt: Date.now() - 12_000,
	throughput: 5300,
	history: [0, 100, 5000, 0],
	batteryPercent: 87,
};

const settle = async () => delay(30);

/** Waits (up to 8 s) for the rendered frame to match: renders and previews are asynchronous. */
async function frameMatching(lastFrame: () => string | undefined, pattern: RegExp): Promise<string> {
	for (let waited = 0; ; waited += 20) {
		const frame = lastFrame() ?? '';
		if (pattern.test(frame)) return frame;
		if (waited > 8000) assert.fail(`no frame matching ${pattern}; last:\n${frame}`);
		await delay(20);
	}
}

describe('CameraPanel', {timeout: 30_000}, () => {
	it('shows counts, gaps, outcome, last image, throughput and battery from a snapshot', () => {
		const {lastFrame} = show(<CameraPanel camera={CAMERA} width={44} previewRows={0} selected={false} previews={noPreviews} />);
		const frame = lastFrame()!;
		for (const text of [
			'garden',
			'24:0a:1b:2c:3d:4e',
			'verified 12',
			'unverified 3',
			'incomplete 2',
			'gaps 4 (9 lost)',
			'frames 612',
			'checksum errors 5',
			'last incomplete (gap)',
			'(12 s ago)',
			'5.2 KiB/s',
			'87%',
		]) {
			assert.ok(frame.includes(text), `missing "${text}" in\n${frame}`);
		}
	});

	it('shows a camera receiving an image', () => {
		const {lastFrame} = show(<CameraPanel camera={{...CAMERA, receiving: {chunks: 23, bytes: 5750}}} width={44} previewRows={0} selected previews={noPreviews} />);
		assert.match(lastFrame()!, /receiving 23 chunks, 5\.6 KiB/);
	});

	it('shows the preview once it is rendered, a placeholder before', async () => {
		let finish: ((text: string) => void) | undefined;
		const cache = new PreviewCache(async () => new Promise<string>(resolve => (finish = resolve)));
		const {lastFrame} = show(<CameraPanel camera={{...CAMERA, lastImagePath: import.meta.filename}} width={44} previewRows={4} selected={false} previews={cache} />);
		assert.match(lastFrame()!, /decoding…/);
		while (!finish) await settle();
		finish('PICTURE-CELLS');
		await frameMatching(lastFrame, /PICTURE-CELLS/);
	});
});

describe('App', {timeout: 30_000}, () => {
	it('shows one panel per camera that has spoken, with its progress', () => {
		const {pipeline, model} = modelWithPipeline(new Map([[0x111111111111, 'porch']]));
		feedOpenImage(pipeline, 0x111111111111, 3);
		feedOpenImage(pipeline, 0x222222222222, 5);
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed onQuit={() => undefined} />);
		const frame = lastFrame()!;
		assert.match(frame, /porch 11:11:11:11:11:11/);
		assert.match(frame, /22:22:22:22:22:22/);
		assert.match(frame, /receiving 3 chunks/);
		assert.match(frame, /receiving 5 chunks/);
		assert.match(frame, /64%/);
	});

	it('toggles debug, previews, help and the log with keys, moves the selection, quits with q', async () => {
		const {pipeline, model} = modelWithPipeline();
		feedOpenImage(pipeline, 0x111111111111, 1);
		feedOpenImage(pipeline, 0x222222222222, 1);
		let quits = 0;
		const stdin = new KeyStream();
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed keys={stdin} onQuit={() => quits++} />);
		await frameMatching(lastFrame, /debug off/);
		stdin.feed('d');
		await frameMatching(lastFrame, /debug on/);
		while (!pipeline.debugFrames) await settle(); // the pipeline now logs frames
		stdin.feed('d');
		await frameMatching(lastFrame, /debug off/);
		while (pipeline.debugFrames) await settle();
		stdin.feed('p');
		await frameMatching(lastFrame, /previews off/);
		stdin.feed('?');
		await frameMatching(lastFrame, /Keys/);
		assert.match(lastFrame()!, /debug: one log line per frame/);
		stdin.feed('\u001B');
		await frameMatching(lastFrame, /receiving 1 chunks/);
		assert.doesNotMatch(lastFrame()!, /this help/);
		assert.match(lastFrame()!, /relay text and events appear here/);
		stdin.feed('l');
		await frameMatching(lastFrame, /^(?![\s\S]*relay text and events appear here)/);
		stdin.feed('\t');
		await settle();
		stdin.feed('\r');
		await frameMatching(lastFrame, /22:22:22:22:22:22 · Esc back/);
		stdin.feed('\u001B');
		await frameMatching(lastFrame, /receiving 1 chunks/);
		stdin.feed('r');
		await frameMatching(lastFrame, /frames 0 · checksum errors 0[\s\S]*frames 0 · checksum errors 0/);
		stdin.feed('q');
		while (quits === 0) await settle();
		assert.equal(quits, 1);
	});

	it('shows debug frame lines in the log pane', async () => {
		const {pipeline, model} = modelWithPipeline();
		pipeline.debugFrames = true;
		const {FrameType} = await import('../../../source/core/protocol/constants.js');
		const {encodeFrame} = await import('../../../source/core/protocol/frame-encoder.js');
		pipeline.push(encodeFrame(0x333333333333, FrameType.Data, 7, Buffer.alloc(250)));
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed initialDebug onQuit={() => undefined} />);
		assert.match(lastFrame()!, /frame +33:33:33:33:33:33 DATA seq 7 len 250 ok/);
	});
});

describe('dashboard logic', () => {
	it('selection wraps around', () => {
		let state = initialViewState;
		state = viewReducer(state, {type: 'select', delta: -1, cameraCount: 3});
		assert.equal(state.selected, 2);
		state = viewReducer(state, {type: 'select', delta: 4, cameraCount: 3});
		assert.equal(state.selected, 0);
	});

	it('never lays out more than the terminal holds, at any size down to 40x12, and drops previews that do not fit', () => {
		for (let columns = 40; columns <= 200; columns += 7) {
			for (let rows = 12; rows <= 60; rows += 3) {
				for (const cameras of [0, 1, 3, 4, 6, 13, 40]) {
					for (const logVisible of [true, false]) {
						const layout = computeLayout({columns, rows}, cameras, {previews: true, logVisible});
						const where = `${columns}x${rows}, ${cameras} cameras, log ${logVisible}`;
						assert.ok(layout.height <= rows - 1, where);
						assert.ok(layout.gridColumns * layout.panelWidth <= columns, where);
						const grid = layout.mode === 'panels' ? layout.visibleGridRows * (layout.panelTextHeight + layout.previewRows) : layout.visibleGridRows * layout.compactLines;
						assert.ok(grid + (layout.moreLine ? 1 : 0) <= layout.gridHeight, `${where}: the cameras fit their rows`);
						assert.equal(2 + 1 + (layout.logRows > 0 ? layout.logRows + 2 : 0) + layout.gridHeight, layout.height, where);
						assert.ok(cameras === 0 || layout.visibleGridRows > 0, `${where}: at least one camera shows`);
						assert.equal(layout.moreLine, (layout.mode === 'panels' ? layout.visibleGridRows * layout.gridColumns : layout.visibleGridRows) < cameras, where);
					}
				}
			}
		}

		// 120x20 with 4 cameras: panels for all do not fit, lines do.
		const small = computeLayout({columns: 120, rows: 20}, 4, {previews: true, logVisible: true});
		assert.equal(small.mode, 'compact');
		assert.equal(small.visibleGridRows, 4);
		assert.equal(computeLayout({columns: 80, rows: 24}, 4, {previews: true, logVisible: true}).previewsDropped, true);
		assert.ok(computeLayout({columns: 120, rows: 40}, 6, {previews: true, logVisible: true}).previewRows >= 4);
	});

	it('compact camera lines at 80x24 use the rows the cameras leave blank rather than cut their details with …', async () => {
		const cameras = [0, 1, 2, 3].map(n => ({...CAMERA, mac: CAMERA.mac + n, macText: `24:0a:1b:2c:3d:5${n}`, name: undefined}));
		const layout = computeLayout({columns: 80, rows: 24}, cameras.length, {previews: true, logVisible: true});
		assert.equal(layout.mode, 'compact');
		const {lastFrame} = show(<CameraGrid cameras={cameras} layout={layout} selected={0} previews={noPreviews} />);
		await settle();
		const rows = lastFrame()!.split('\n');
		assert.equal(rows.length, layout.gridHeight);
		assert.deepEqual(
			rows.filter(row => row.trim() === ''),
			[],
			`no blank row:\n${rows.join('\n')}`,
		);
		assert.deepEqual(
			rows.filter(row => row.endsWith('…')),
			[],
			'nothing cut',
		);
		for (const detail of [/unverified 3/g, /gaps 4/g, /frames 612/g, /checksum errors 5/g, /5\.2 KiB\/s/g])
			assert.equal(rows.join('\n').match(detail)?.length, 4, `${detail} for every camera`);
	});

	it('draws sparklines', () => {
		assert.equal(sparkline([0, 0, 0]), '▁▁▁');
		assert.equal(sparkline([0, 50, 100]), '▁▅█');
	});
});

describe('battery readings outside 0..100', () => {
	it('a panel shows VOLT:150 and VOLT:n/a as sent, flagged, and does not break', () => {
		for (const [batteryPercent, batteryReading, shown] of [
			[150, '150', '150%?'],
			[101, '101', '101%?'],
			[undefined, 'n/a', 'n/a?'],
			[-3, '-3', '-3%?'],
		] as const) {
			const camera: CameraView = {...CAMERA, batteryPercent, batteryReading, batteryInRange: false};
			const {lastFrame} = show(<CameraPanel camera={camera} width={40} previewRows={0} selected={false} previews={noPreviews} />);
			assert.match(lastFrame() ?? '', new RegExp(shown.replace(/[?]/g, '\\?')), String(batteryReading));
		}
	});
});
