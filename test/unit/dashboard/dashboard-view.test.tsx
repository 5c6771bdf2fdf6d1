/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import App from '../../../source/dashboard/app.js';
import {FrameType} from '../../../source/core/protocol/constants.js';
import {encodeFrame} from '../../../source/core/protocol/frame-encoder.js';
import {KeyStream} from '../../../source/terminal/keyboard.js';
import {footerItems} from '../../../source/dashboard/footer/footer-items.js';
import {feedOpenImage, modelWithPipeline} from '../../helpers/fake-session.js';
import {frameMatching, noPreviews, show} from '../../helpers/ink-render.js';

describe('dashboard keys and view', {timeout: 30_000}, () => {
	it('several keys in one read each act, in order (pd, then dq)', async () => {
		const {pipeline, model} = modelWithPipeline();
		feedOpenImage(pipeline, 0x111111111111, 1);
		const keys = new KeyStream();
		let quits = 0;
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => quits++} />);
		await frameMatching(lastFrame, /debug off/);
		keys.feed('pd');
		await frameMatching(lastFrame, /debug on[\s\S]*previews off/);
		keys.feed('\u0003\u0003');
		assert.equal(quits, 2, 'each Ctrl-C of the read');
		keys.feed('dq');
		await frameMatching(lastFrame, /debug off/);
		assert.equal(quits, 3);
	});

	it('a bracketed paste is not commands', async () => {
		const {model} = modelWithPipeline();
		const keys = new KeyStream();
		let quits = 0;
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => quits++} />);
		await frameMatching(lastFrame, /debug off/);
		keys.feed('\u001B[200~dpq?\u0003\u001B[201~');
		await delay(100);
		assert.match(lastFrame()!, /debug off[\s\S]*previews on/);
		assert.doesNotMatch(lastFrame()!, /Keys/);
		assert.equal(quits, 0);
	});

	it('Enter on a camera with no image says "no image yet", with or without colour', async () => {
		for (const previewsAllowed of [true, false]) {
			const {pipeline, model} = modelWithPipeline();
			feedOpenImage(pipeline, 0x111111111111, 1);
			const keys = new KeyStream();
			const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed={previewsAllowed} keys={keys} onQuit={() => undefined} />);
			keys.feed('\r');
			const frame = await frameMatching(lastFrame, /Esc back/);
			assert.match(frame, /no image yet/, `colour ${previewsAllowed}`);
			assert.doesNotMatch(frame, /previews need a colour terminal/);
		}
	});

	it('without colour the footer never says "previews on"', async () => {
		const {model} = modelWithPipeline();
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed={false} keys={new KeyStream()} onQuit={() => undefined} />);
		const frame = await frameMatching(lastFrame, /q quit/);
		assert.doesNotMatch(frame, /previews on/);
		assert.match(frame, /previews off \(no colour\)/);
	});

	it('r counts from zero on screen only: the whole run still counts for the summary', async () => {
		const {pipeline, model} = modelWithPipeline();
		const mac = 0x111111111111;
		feedOpenImage(pipeline, mac, 3);
		// Two frames: a MAC is a camera from its second frame.
		pipeline.push(Buffer.concat([1, 2].map(sequence => encodeFrame(0x222222222222, FrameType.Data, sequence, Buffer.alloc(250)))));
		const keys = new KeyStream();
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => undefined} />);
		await frameMatching(lastFrame, /frames 4 · /);
		keys.feed('r');
		await frameMatching(lastFrame, /^(?![\s\S]*frames [1-9])[\s\S]*frames 0 · [\s\S]*frames 0 · /);
		assert.match(lastFrame()!, /images 0 good \/ 0 incomplete · 0 frames/);
		assert.equal(pipeline.reassembler.cameraStats.get(mac)!.frames, 4, 'the pipeline still counts everything');
		assert.equal(pipeline.totals().frames, 2, 'the totals for the exit summary are the whole run');
		feedOpenImage(pipeline, mac, 1);
		keys.feed('d');
		await frameMatching(lastFrame, /frames 2 · /);
	});
});

describe('footer', () => {
	const state = {debug: false, previews: true, previewsDropped: false, previewsNeedColour: false};
	const text = (width: number, overrides = {}) =>
		footerItems(width, {...state, ...overrides})
			.map(item => `${item.key} ${item.label}`)
			.join(' · ');

	it('keeps ? help and q quit at every width, and fits whenever it can', () => {
		for (let width = 20; width <= 200; width++) {
			const line = text(width);
			assert.match(line, /\? help · q quit$/, `width ${width}`);
			if (width >= 16) assert.ok(line.length <= width, `width ${width}: ${line}`);
		}

		assert.match(text(80), /^d debug off · p previews on · ←→\/Tab select · Enter zoom · .*\? help · q quit$/);
		assert.match(text(200), /l log · r reset · \? help · q quit$/);
	});

	it('says previews are off without colour, and when there is no room for them', () => {
		assert.match(text(120, {previewsNeedColour: true}), /p previews off \(no colour\)/);
		assert.match(text(120, {previewsDropped: true}), /p previews on \(no room\)/);
	});
});

describe('the log pane', {timeout: 30_000}, () => {
	it("never passes an escape sequence in a line to the terminal (a server's error text, a notice)", async () => {
		const {pipeline, model} = modelWithPipeline();
		pipeline.emit({
			kind: 'sink',
			at: Date.now(),
			sink: 'influx',
			target: 'http://x',
			state: 'retrying',
			detail: 'bad \u001B]52;c;cGF5bG9hZA==\u0007 \u001B[2J gateway',
			dropped: 0,
			queued: 0,
		});
		const keys = new KeyStream();
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => undefined} />);
		const frame = await frameMatching(lastFrame, /gateway/);
		assert.doesNotMatch(frame, /\u001B\]|\u001B\[2J|\u0007/);
	});
});
