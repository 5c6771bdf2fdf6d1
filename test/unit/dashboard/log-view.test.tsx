/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import path from 'node:path';
import {describe, it} from 'node:test';
import App from '../../../source/dashboard/app.js';
import {FrameType} from '../../../source/core/protocol/constants.js';
import {encodeFrame} from '../../../source/core/protocol/frame-encoder.js';
import {KeyStream} from '../../../source/terminal/keyboard.js';
import {footerItems} from '../../../source/dashboard/footer/footer-items.js';
import {LOG_KEPT} from '../../../source/dashboard/dashboard-model.js';
import {rowSegments} from '../../../source/dashboard/log-view/log-row.js';
import {LogView} from '../../../source/dashboard/log-view/log-view.js';
import {LogViewModel} from '../../../source/dashboard/log-view/log-view-model.js';
import {SETTINGS, modelWithPipeline} from '../../helpers/fake-session.js';
import {frameMatching, noPreviews, show} from '../../helpers/ink-render.js';

const PORCH = 0x111111111111;
const GATE = 0x222222222222;

const SGR = /\u001B\[[\d;]*m/g;

/** A dashboard model whose log holds `count` frame lines, alternating between two cameras, plus a relay line naming GATE. */
function dashboardWithLines(count: number) {
	const {pipeline, model: dashboardModel} = modelWithPipeline(new Map([[PORCH, 'porch']]));
	for (let n = 1; n <= count; n++) {
		pipeline.emit({kind: 'frame', at: Date.UTC(2026, 10, 25, 12, 0, 0) + n, mac: n % 2 ? PORCH : GATE, type: FrameType.Data, sequence: n, length: 250, checksumOk: true});
	}

	pipeline.emit({kind: 'relay-text', at: Date.now(), text: 'I (1625) usb_cdc_receiver: ESP-NOW CB [22:22:22:22:22:22]: Received EOF marker'});
	return {pipeline, model: dashboardModel};
}

function view(dashboardModel: ReturnType<typeof dashboardWithLines>['model'], model: LogViewModel, size: {width: number; height: number}, camera = PORCH) {
	return show(
		<LogView
			buffer={dashboardModel.log}
			lineOf={id => dashboardModel.logLine(id)}
			model={model}
			camera={{mac: camera, label: camera === PORCH ? 'porch' : '22:22:22:22:22:22'}}
			width={size.width}
			height={size.height}
			debug
		/>,
	);
}

function fullModel(dashboardModel: ReturnType<typeof dashboardWithLines>['model']): LogViewModel {
	const model = new LogViewModel(dashboardModel.log, id => dashboardModel.logLine(id)?.text);
	model.mode = 'full';
	return model;
}

describe('the full-screen log view', {timeout: 30_000}, () => {
	it('fills its rows exactly at every size, newest lines last, the status line at the bottom', () => {
		const {model: dashboardModel} = dashboardWithLines(300);
		for (const size of [
			{width: 40, height: 8},
			{width: 80, height: 20},
			{width: 120, height: 36},
		]) {
			const {lastFrame, unmount} = view(dashboardModel, fullModel(dashboardModel), size);
			const lines = lastFrame()!.replaceAll(SGR, '').split('\n');
			assert.equal(lines.length, size.height, `${size.width}x${size.height}`);
			// Every character drawn here is one column wide.
			for (const line of lines) assert.ok([...line].length <= size.width, `${size.width}: ${JSON.stringify(line)}`);
			assert.match(lines.at(-2)!, /relay +I \(1625\)/, 'the newest line just above the status line');
			assert.match(lines.at(-3)!, size.width >= 80 ? /frame +22:22:22:22:22:22 DATA seq 300 len 250 ok/ : /^12:00:00 frame +22:22:22:22:22:22 DATA…$/);
			assert.match(lines.at(-1)!, /^ following · line \d+ of 301/);
			unmount();
		}
	});

	it('f: only the selected camera’s lines (a relay line naming it counts); paused shows what came since', () => {
		const {pipeline, model: dashboardModel} = dashboardWithLines(40);
		const model = fullModel(dashboardModel);
		model.takeKey({name: 'char', char: 'f'}, {rows: 5, camera: GATE});
		let {lastFrame, unmount} = view(dashboardModel, model, {width: 100, height: 6}, GATE);
		let lines = lastFrame()!.split('\n');
		assert.deepEqual(
			lines.slice(0, 5).map(line => /seq (\d+)|relay/.exec(line)?.[0]),
			['seq 34', 'seq 36', 'seq 38', 'seq 40', 'relay'],
			lastFrame(),
		);
		assert.match(lines[5]!, /following · line 17 of 21 · only 22:22:22:22:22:22/);
		unmount();
		model.takeKey({name: 'up'}, {rows: 5, camera: GATE});
		for (let n = 41; n <= 44; n++) pipeline.emit({kind: 'frame', at: Date.now(), mac: n % 2 ? PORCH : GATE, type: FrameType.Data, sequence: n, length: 250, checksumOk: true});
		({lastFrame, unmount} = view(dashboardModel, model, {width: 100, height: 6}, GATE));
		lines = lastFrame()!.split('\n');
		assert.match(lines[0]!, /seq 32/);
		assert.match(lines[5]!, /paused, 2 new · line 16 of 23/);
		unmount();
	});

	it('device text and the search string never bring escape sequences to the terminal; matches are marked', () => {
		const {pipeline, model: dashboardModel} = dashboardWithLines(2);
		// As if a line got past the decoder's sanitising: the view sanitises again.
		pipeline.emit({kind: 'relay-text', at: Date.now(), text: 'boot \u001B]0;owned\u0007\u001B[2Jdone \u009B31m\u202Eend'});
		const model = fullModel(dashboardModel);
		const context = {rows: 5, camera: PORCH};
		model.takeKey({name: 'char', char: '/'}, context);
		model.takeKey({name: 'paste', length: 12, text: 'done\u001B[31m\r'}, context);
		model.takeKey({name: 'enter'}, context);
		assert.equal(model.search?.query, 'done', 'the escape sequence and the return are gone from the query');
		const {lastFrame} = view(dashboardModel, model, {width: 80, height: 6});
		const visible = lastFrame()!.replaceAll(SGR, '');
		assert.doesNotMatch(visible, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/, JSON.stringify(visible));
		assert.match(visible, /relay +boot done end/);
		const line = dashboardModel.logLine(dashboardModel.log.lastId)!;
		assert.deepEqual(
			rowSegments(line, /done/giu).filter(segment => segment.match),
			[{text: 'done', part: 'text', match: true}],
		);
		assert.deepEqual(
			rowSegments(line, /e/giu)
				.filter(segment => segment.match)
				.map(segment => segment.part),
			['tag', 'text', 'text'],
			'relay, done, end',
		);
	});

	it(`keeps ${LOG_KEPT.toLocaleString('en')} lines, and a search finds only those`, () => {
		const {pipeline, model: dashboardModel} = dashboardWithLines(LOG_KEPT + 500);
		assert.equal(dashboardModel.log.size, LOG_KEPT);
		pipeline.emit({kind: 'relay-text', at: Date.now(), text: 'last'});
		const model = fullModel(dashboardModel);
		const context = {rows: 10};
		model.takeKey({name: 'char', char: '/'}, context);
		for (const char of 'seq 501 ') model.takeKey({name: 'char', char}, context);
		model.takeKey({name: 'enter'}, context);
		assert.equal(model.notFound, 'seq 501 ', 'line 501 is gone');
	});
});

describe('the log keys in the dashboard', {timeout: 30_000}, () => {
	it('the footer shows the full-screen log’s keys, keeping Esc, ? and q on a narrow terminal', () => {
		const state = {debug: false, previews: true, previewsDropped: false, previewsNeedColour: false, logFull: true};
		const keys = (width: number) => footerItems(width, state).map(item => item.key);
		assert.deepEqual(keys(200), ['↑↓/PgUp/PgDn', 'End', 'f', '/', 'n/N', 'Esc', 'l', '?', 'q']);
		assert.deepEqual(keys(40), ['/', 'Esc', '?', 'q']);
		assert.deepEqual(keys(20), ['?', 'q']);
	});

	it('a long search keeps its end in sight in the prompt', () => {
		const {model: dashboardModel} = dashboardWithLines(3);
		const model = fullModel(dashboardModel);
		model.takeKey({name: 'char', char: '/'}, {rows: 3});
		model.takeKey({name: 'paste', length: 60, text: `${'a'.repeat(50)}THE END`}, {rows: 3});
		const {lastFrame} = view(dashboardModel, model, {width: 40, height: 4});
		assert.match(lastFrame()!.split('\n').at(-1)!, /^\/…a+THE END/);
	});

	it('l cycles pane → full screen → hidden → pane; the full-screen log scrolls with the keys, Esc goes back', async () => {
		const {model: dashboardModel} = dashboardWithLines(100);
		const keys = new KeyStream();
		const {lastFrame} = show(<App model={dashboardModel} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => undefined} />);
		await frameMatching(lastFrame, /┌─+┐[\s\S]*Received EOF marker/);
		keys.feed('l');
		await frameMatching(lastFrame, / following · line \d+ of 101/);
		keys.feed('\u001B[5~');
		await frameMatching(lastFrame, / paused, 0 new · line \d+ of 101/);
		keys.feed('\u001B[H');
		const top = await frameMatching(lastFrame, / paused, 0 new · line 1 of 101/);
		assert.match(top, /porch \(11:11:11:11:11:11\) DATA seq 1 len 250 ok/);
		keys.feed('\u001B[F');
		await frameMatching(lastFrame, / following/);
		keys.feed('l');
		const hidden = await frameMatching(lastFrame, /^(?![\s\S]*(following|┌))/);
		assert.match(hidden, /q quit/);
		keys.feed('l');
		await frameMatching(lastFrame, /┌─+┐[\s\S]*Received EOF marker/);
		keys.feed('l');
		await frameMatching(lastFrame, / following/);
		keys.feed('\u001B');
		await frameMatching(lastFrame, /┌─+┐[\s\S]*Received EOF marker/);
	});

	it('keys typed in one read act in order: "l/q" opens the log and types q into the prompt; Backspace, Enter, n', async () => {
		const {model: dashboardModel} = dashboardWithLines(100);
		const keys = new KeyStream();
		let quits = 0;
		const {lastFrame} = show(<App model={dashboardModel} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => quits++} />);
		await frameMatching(lastFrame, /q quit/);
		keys.feed('l/qseq 7');
		await frameMatching(lastFrame, /\/qseq 7 +Enter search/);
		assert.equal(quits, 0, 'q was text');
		keys.feed('\u007F\u007F\u007F\u007F\u007F');
		await frameMatching(lastFrame, /\/q +Enter search/);
		keys.feed('\u007F');
		keys.feed('SEQ 7 \r');
		const found = await frameMatching(lastFrame, /paused, 0 new · line \d+ of 101 · "SEQ 7 " n\/N/);
		assert.match(found, /DATA seq 7 len/);
		keys.feed('n');
		await frameMatching(lastFrame, /"SEQ 7 " \(wrapped round\)/);
		keys.feed('q');
		assert.equal(quits, 1, 'with the prompt closed q quits again');
	});

	it('Enter in the full-screen log zooms the selected camera; Esc then comes back to the dashboard', async () => {
		const {model: dashboardModel, pipeline} = dashboardWithLines(10);
		// Two frames each make them cameras with panels.
		pipeline.push(
			Buffer.concat([1, 2].flatMap(sequence => [encodeFrame(PORCH, FrameType.Data, sequence, Buffer.alloc(250)), encodeFrame(GATE, FrameType.Data, sequence, Buffer.alloc(250))])),
		);
		const keys = new KeyStream();
		const {lastFrame} = show(<App model={dashboardModel} previews={noPreviews} previewsAllowed keys={keys} onQuit={() => undefined} />);
		await frameMatching(lastFrame, /receiving/);
		keys.feed('l');
		await frameMatching(lastFrame, / following/);
		keys.feed('\t\r');
		await frameMatching(lastFrame, /22:22:22:22:22:22 · Esc back/);
		keys.feed('\u001B');
		await frameMatching(lastFrame, /receiving[\s\S]*┌─+┐/);
	});
});

describe('image lines in the log', () => {
	it('name the file relative to --out, whole (its name holds the MAC), a named camera first', async () => {
		const {pipeline, model: dashboardModel} = modelWithPipeline(new Map([[PORCH, 'porch']]));
		const good = path.join(SETTINGS.out, '222222222222_20261207_101010_123456.jpg');
		const cut = path.join(SETTINGS.out, 'incomplete', '111111111111_20261207_101011_000001_gap.jpg');
		pipeline.emit({kind: 'image', at: Date.now(), mac: GATE, outcome: 'verified', bytes: 5300, chunks: 22, missingFrames: 0, batteryPercent: 96, path: good});
		pipeline.emit({kind: 'image', at: Date.now(), mac: PORCH, outcome: 'incomplete', reason: 'gap', bytes: 3000, chunks: 9, missingFrames: 3, path: cut});
		const texts = [dashboardModel.log.lastId - 1, dashboardModel.log.lastId].map(id => dashboardModel.logLine(id)!.text);
		assert.deepEqual(texts, [
			'222222222222_20261207_101010_123456.jpg 5.2 KiB verified, battery 96%',
			'porch incomplete/111111111111_20261207_101011_000001_gap.jpg 2.9 KiB, 3 chunks missing',
		]);
		const {lastFrame} = show(<App model={dashboardModel} previews={noPreviews} previewsAllowed onQuit={() => undefined} />);
		await frameMatching(lastFrame, /saved +222222222222_20261207_101010_123456\.jpg 5\.2 KiB/);
	});
});
