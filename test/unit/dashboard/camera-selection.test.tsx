/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import App from '../../../source/dashboard/app.js';
import {KeyStream} from '../../../source/terminal/keyboard.js';
import {footerItems} from '../../../source/dashboard/footer/footer-items.js';
import {feedOpenImage, modelWithPipeline} from '../../helpers/fake-session.js';
import {frameMatching, noPreviews, show} from '../../helpers/ink-render.js';

describe('the selection', {timeout: 30_000}, () => {
	it('stays on its camera when a camera with a lower MAC appears and the list order changes', async () => {
		const {pipeline, model} = modelWithPipeline();
		feedOpenImage(pipeline, 0x22_22_22_22_22_22, 1);
		feedOpenImage(pipeline, 0x33_33_33_33_33_33, 1);
		const keys = new KeyStream();
		const {lastFrame} = show(<App model={model} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => undefined} />);
		await frameMatching(lastFrame, /33:33:33:33:33:33/);
		keys.feed('\t');
		await delay(100);
		keys.feed('\r');
		await frameMatching(lastFrame, /33:33:33:33:33:33 · [^\n]*Esc back/);
		feedOpenImage(pipeline, 0x11_11_11_11_11_11, 1);
		// The view takes a new snapshot every second.
		await delay(2500);
		assert.match(lastFrame()!, /33:33:33:33:33:33 · [^\n]*Esc back/);
		keys.feed('\u001B');
		await delay(100);
		// Tab moves on from where the camera is now: the last one, so round to the first.
		keys.feed('\t');
		await delay(100);
		keys.feed('\r');
		await frameMatching(lastFrame, /11:11:11:11:11:11 · [^\n]*Esc back/);
	});
});

describe("the zoom view's footer", () => {
	it("gives the zoom view's keys, and never the grid's 'no room'", () => {
		const items = footerItems(80, {debug: false, previews: true, previewsDropped: true, previewsNeedColour: false, previewMode: 'quadrant', zoom: true});
		const text = items.map(item => `${item.key} ${item.label}`).join(' · ');
		assert.match(text, /←→ older\/newer/);
		assert.match(text, /Esc back/);
		assert.match(text, /q quit/);
		assert.doesNotMatch(text, /no room|select|Enter zoom/);
	});
});
