import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {CLI} from '../helpers/cli.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {freePort} from '../helpers/free-port.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

describe("the dashboard's last words", () => {
	it('the summary after quitting says what an output never sent, as headless mode does', async () => {
		const dir = tempDir();
		const capture = path.join(dir, 'capture.bin');
		writeFileSync(capture, encodeFrames(wakeFrames(0x24_0a_c4_00_00_10, fakeJpeg(3000, 1), {voltage: 70})));
		const port = await freePort();
		const terminal = new TmuxTerminal(`${process.execPath} ${CLI} --replay ${capture} --out ${path.join(dir, 'out')} --influx 'http://127.0.0.1:${port}?db=x'; sleep 60`, {
			columns: 200,
			rows: 30,
		});
		try {
			await terminal.waitFor(screen => screen.includes('● influx retrying'), 'influx retrying in the header');
			terminal.press('q');
			const screen = await terminal.waitFor(text => /summary \d+ good/.test(text), 'the summary');
			assert.match(screen, /summary 1 good.*; influx, \d+ never sent/);
		} finally {
			terminal.close();
		}
	});
});
