/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import jpeg from 'jpeg-js';
import App from '../../../source/dashboard/app.js';
import {ImageHistory} from '../../../source/dashboard/history/image-history.js';
import {fileTimestamp} from '../../../source/io/store/timestamps.js';
import {KeyParser} from '../../../source/terminal/key-parser.js';
import {KeyStream} from '../../../source/terminal/keyboard.js';
import {PreviewCache} from '../../../source/dashboard/preview/preview-cache.js';
import {feedOpenImage, modelWithPipeline} from '../../helpers/fake-session.js';
import {frameMatching, show} from '../../helpers/ink-render.js';
import {tempDir} from '../../helpers/temp-dir.js';

const CAMERA_A = 0x240a_c400_8d10;
const CAMERA_B = 0x240a_c401_8e11;
const LEFT = '\u001B[D';
const RIGHT = '\u001B[C';
const HOME = '\u001B[H';
const END = '\u001B[F';
const PICTURE = readFileSync(new URL('../../fixtures/s422-rst.jpg', import.meta.url));

/** Previews decoded for real (jpeg-js, as the preview worker does), drawn as the file's name. */
const decodingPreviews = () =>
	new PreviewCache(file => {
		jpeg.decode(readFileSync(file), {useTArray: true, formatAsRGBA: false});
		return Promise.resolve(`PICTURE ${path.basename(file)}`);
	});

const nameAt = (mac: number, epochMs: number, reason?: string) => `${mac.toString(16).padStart(12, '0')}_${fileTimestamp(epochMs * 1000)}${reason ? `_${reason}` : ''}.jpg`;

/** An output folder from an earlier run: camera A's five images a minute apart, the third cut short; one of camera B. */
function earlierRun(): {out: string; names: string[]; base: number} {
	const out = tempDir('history-zoom-');
	mkdirSync(path.join(out, 'incomplete'));
	const base = new Date(2026, 10, 24, 1, 0, 0).getTime();
	const names: string[] = [];
	for (let minute = 0; minute < 5; minute++) {
		const cut = minute === 2;
		const name = nameAt(CAMERA_A, base + minute * 60_000, cut ? 'truncated' : undefined);
		writeFileSync(path.join(out, cut ? 'incomplete' : '', name), cut ? PICTURE.subarray(0, 1200) : PICTURE);
		names.push(name);
	}

	writeFileSync(path.join(out, nameAt(CAMERA_B, base)), PICTURE);
	return {out, names, base};
}

describe('Home and End keys', () => {
	it('are read in the forms terminals send', () => {
		for (const sequence of ['\u001B[H', '\u001BOH', '\u001B[1~', '\u001B[7~']) assert.deepEqual(new KeyParser().push(sequence), [{name: 'home'}], JSON.stringify(sequence));
		for (const sequence of ['\u001B[F', '\u001BOF', '\u001B[4~', '\u001B[8~']) assert.deepEqual(new KeyParser().push(sequence), [{name: 'end'}], JSON.stringify(sequence));
		assert.deepEqual(new KeyParser().push('\u001B[2~'), [{name: 'other'}]);
	});
});

describe("the zoom view steps through a camera's images, this run's and earlier runs'", {timeout: 30_000}, () => {
	it('←/→ older and newer, Home/End, with time, size, outcome and position; a cut JPEG says why it cannot be drawn', async () => {
		const {out, names} = earlierRun();
		const history = new ImageHistory(out);
		await history.index();
		const {pipeline, model} = modelWithPipeline();
		feedOpenImage(pipeline, CAMERA_A, 1);
		feedOpenImage(pipeline, CAMERA_B, 1);
		const keys = new KeyStream();
		const {lastFrame} = show(<App model={model} previews={decodingPreviews()} previewsAllowed keys={keys} onQuit={() => undefined} history={history} />);
		await frameMatching(lastFrame, /q quit/);

		keys.feed('\r');
		let frame = await frameMatching(lastFrame, new RegExp(`5/5[\\s\\S]*KiB[\\s\\S]*PICTURE ${names[4]}`));
		assert.match(frame, /24:0a:c4:00:8d:10 · 5\/5 · Esc back/);
		assert.match(frame, /2026-11-24 01:04:00\.000 \(\d+ h ago\) · 2\.5 KiB · good/);

		keys.feed(LEFT);
		await frameMatching(lastFrame, new RegExp(`4/5[\\s\\S]*PICTURE ${names[3]}`));
		keys.feed(LEFT);
		frame = await frameMatching(lastFrame, /3\/5[\s\S]* · 1\.2 KiB · [\s\S]*cannot be drawn: /);
		assert.match(frame, /01:02:00\.000 .* · 1\.2 KiB · ✘ incomplete: truncated/);

		keys.feed(HOME);
		await frameMatching(lastFrame, new RegExp(`1/5[\\s\\S]*PICTURE ${names[0]}`));
		keys.feed(LEFT);
		await frameMatching(lastFrame, /1\/5/);
		keys.feed(RIGHT);
		await frameMatching(lastFrame, new RegExp(`2/5[\\s\\S]*PICTURE ${names[1]}`));
		keys.feed(END);
		await frameMatching(lastFrame, new RegExp(`5/5[\\s\\S]*PICTURE ${names[4]}`));

		// Tab still changes camera in the zoom view, and starts at its newest image.
		keys.feed('\t');
		await frameMatching(lastFrame, /24:0a:c4:01:8e:11 · 1\/1/);
		keys.feed('\u001B[Z');
		await frameMatching(lastFrame, /24:0a:c4:00:8d:10 · 5\/5/);

		// Out of the zoom view, ←/→ select cameras as before.
		keys.feed('\u001B');
		await frameMatching(lastFrame, /Enter zoom/);
		keys.feed(RIGHT);
		keys.feed('\r');
		await frameMatching(lastFrame, /24:0a:c4:01:8e:11 · 1\/1/);
	});

	it('a new image does not move a person looking back; at the newest, the view follows new images', async () => {
		const {out, names, base} = earlierRun();
		const history = new ImageHistory(out);
		await history.index();
		const {pipeline, model} = modelWithPipeline();
		feedOpenImage(pipeline, CAMERA_A, 1);
		const keys = new KeyStream();
		const {lastFrame} = show(<App model={model} previews={decodingPreviews()} previewsAllowed keys={keys} onQuit={() => undefined} history={history} />);
		await frameMatching(lastFrame, /q quit/);
		keys.feed(`\r${LEFT}${LEFT}${LEFT}`); // in one read, as a laggy link delivers them
		await frameMatching(lastFrame, new RegExp(`2/5[\\s\\S]*PICTURE ${names[1]}`));

		const arrive = (minutes: number, outcome: 'verified' | 'incomplete' = 'verified') => {
			const name = nameAt(CAMERA_A, base + minutes * 60_000, outcome === 'incomplete' ? 'gap' : undefined);
			const file = path.join(out, outcome === 'incomplete' ? 'incomplete' : '', name);
			writeFileSync(file, PICTURE);
			history.listener({kind: 'image', at: Date.now(), mac: CAMERA_A, outcome, bytes: PICTURE.length, chunks: 11, missingFrames: 0, path: file});
			return name;
		};

		arrive(10);
		arrive(-10, 'incomplete'); // an older one too (found late)
		keys.feed('d'); // any key draws at once
		const frame = await frameMatching(lastFrame, /3\/7/);
		assert.match(frame, new RegExp(`PICTURE ${names[1]}`), 'still the same image');

		keys.feed(END);
		const newest = arrive(20);
		await frameMatching(lastFrame, new RegExp(`8/8[\\s\\S]*✔ verified[\\s\\S]*PICTURE ${newest}`));
		const later = arrive(30);
		keys.feed('d');
		await frameMatching(lastFrame, new RegExp(`9/9[\\s\\S]*PICTURE ${later}`));
	});
});
