/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import App from '../../../source/dashboard/app.js';
import {FrameType} from '../../../source/core/protocol/constants.js';
import {encodeFrame} from '../../../source/core/protocol/frame-encoder.js';
import {KeyStream} from '../../../source/terminal/keyboard.js';
import {LogViewModel} from '../../../source/dashboard/log-view/log-view-model.js';
import {modelWithPipeline} from '../../helpers/fake-session.js';
import {noPreviews, show} from '../../helpers/ink-render.js';

const PORCH = 0x111111111111;

async function frameMatching(lastFrame: () => string | undefined, pattern: RegExp): Promise<string> {
	for (let waited = 0; ; waited += 20) {
		const frame = lastFrame() ?? '';
		if (pattern.test(frame)) return frame;
		if (waited > 5000) assert.fail(`no frame matching ${pattern}; last:\n${frame}`);
		await delay(20);
	}
}

describe('l while the zoom view or help is shown', () => {
	it('is not taken by the log (it would change the hidden log, and Esc would then land in the full-screen log)', () => {
		const {model: dashboardModel} = modelWithPipeline();
		const model = new LogViewModel(dashboardModel.log, () => undefined);
		assert.equal(model.takeKey({name: 'char', char: 'l'}, {rows: 10, overlaid: true}), false);
		assert.equal(model.mode, 'pane');
	});

	for (const [view, open, shown] of [
		['the zoom view', '\r', /Esc back/],
		['help', '?', /this help/],
	] as const) {
		it(`in ${view}: l changes nothing, and Esc comes back to the dashboard with its log pane`, async () => {
			const {pipeline, model: dashboardModel} = modelWithPipeline(new Map([[PORCH, 'porch']]));
			pipeline.push(Buffer.concat([1, 2].map(sequence => encodeFrame(PORCH, FrameType.Data, sequence, Buffer.alloc(250)))));
			pipeline.emit({kind: 'relay-text', at: Date.now(), text: 'I (1625) usb_cdc_receiver: ESP-NOW receiver ready'});
			const keys = new KeyStream();
			const {lastFrame} = show(<App model={dashboardModel} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => undefined} />);
			await frameMatching(lastFrame, /┌─+┐[\s\S]*receiver ready/);
			keys.feed(open);
			await frameMatching(lastFrame, shown);
			// As a person types: after the view has been drawn (the key handlers see each render's state once React has run its effects).
			await delay(100);
			keys.feed('l');
			await delay(100);
			assert.match(lastFrame()!, shown);
			keys.feed('\u001B');
			const back = await frameMatching(lastFrame, /┌─+┐[\s\S]*receiver ready/);
			assert.doesNotMatch(back, /following/);
		});
	}

	for (const [view, open, shown] of [
		['the zoom view', '\r', /Esc back/],
		['help', '?', /this help/],
	] as const) {
		it(`in ${view}: Esc and l in one read both act, in order: the view closes and the full-screen log opens`, async () => {
			const {pipeline, model: dashboardModel} = modelWithPipeline(new Map([[PORCH, 'porch']]));
			pipeline.push(Buffer.concat([1, 2].map(sequence => encodeFrame(PORCH, FrameType.Data, sequence, Buffer.alloc(250)))));
			const keys = new KeyStream();
			const {lastFrame} = show(<App model={dashboardModel} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => undefined} />);
			await frameMatching(lastFrame, /porch/);
			keys.feed(open);
			await frameMatching(lastFrame, shown);
			await delay(100);
			keys.feed('\u001Bl');
			const log = await frameMatching(lastFrame, / following · no lines/);
			assert.doesNotMatch(log, /this help|11:11:11:11:11:11 · Esc back/);
		});
	}
});
