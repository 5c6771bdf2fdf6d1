import assert from 'node:assert/strict';
import {closeSync, existsSync, openSync, readFileSync, writeSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {encodeFrame} from '../../source/core/protocol/frame-encoder.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {CLI} from '../helpers/cli.js';
import {screenProblems} from '../helpers/dashboard-screen.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

const FIRST = 0x240ac4000010;
const SECOND = 0x240ac4010111;

/** One whole wake of `mac` (HASH, DATA…, EOF) written to the relay's end. */
function wake(relay: string, mac: number, seed: number): void {
	const fd = openSync(relay, 'w');
	for (const frame of wakeFrames(mac, fakeJpeg(1000, seed), {voltage: 70})) writeSync(fd, encodeFrame(frame.mac, frame.type, frame.sequence, frame.payload));
	closeSync(fd);
}

/** The full-screen log's rows: between the header (2 lines) and the status line above the footer. */
function logRows(screen: string): string[] {
	const lines = screen.replace(/\n+$/, '').split('\n');
	return lines.slice(2, -2).filter(line => line.trim() !== '');
}

const status = (screen: string) => screen.replace(/\n+$/, '').split('\n').at(-2) ?? '';

describe('the full-screen log in a real terminal (tmux)', {timeout: 120_000}, () => {
	it('l opens it; it scrolls and pauses, counts new lines, follows again, filters to a camera, searches; Esc and q', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const exitFile = path.join(root, 'exit');
		const size = {columns: 100, rows: 30};
		const terminal = new TmuxTerminal(`${process.execPath} ${CLI} --port ${pair.host} --out ${root}/out --debug; echo $? > ${exitFile}; sleep 60`, size, {
			TERM: 'xterm-256color',
		});
		try {
			await terminal.waitFor(screen => screen.includes('connected'), 'the port');
			for (let round = 0; round < 3; round++) {
				wake(pair.relay, FIRST, round + 1);
				wake(pair.relay, SECOND, round + 11);
			}

			await terminal.waitFor(screen => (screen.match(/saved/g) ?? []).length >= 1, 'saved images in the pane');
			terminal.press('l');
			let screen = await terminal.waitFor(
				candidate => / following · line \d+ of \d+/.test(status(candidate)) && (candidate.match(/saved/g) ?? []).length === 6,
				'the full-screen log, following',
			);
			// The port's line, then 6 wakes of 6 frames (HASH, 4 DATA, EOF) and a saved line each.
			const total = Number(/of (\d+)/.exec(status(screen))![1]);
			assert.ok(total >= 43, status(screen));
			assert.equal(logRows(screen).length, size.rows - 1 - 2 - 2, 'as many rows as fit');
			// The file named relative to --out, whole (its name holds the camera's MAC and the time).
			assert.match(logRows(screen).at(-1)!, /saved +240ac4010111_\d{8}_\d{6}_\d{6}\.jpg 1000 B verified, battery 70%/, 'the newest line last');
			for (const row of logRows(screen).filter(line => line.includes(' saved '))) assert.ok(!row.includes(root), `the output folder is not repeated: ${row}`);

			terminal.press('PPage');
			await terminal.waitFor(candidate => / paused, 0 new · line \d+ of \d+/.test(status(candidate)), 'PgUp: a page up, paused');
			terminal.press('Home');
			screen = await terminal.waitFor(candidate => / paused, 0 new · line 1 of \d+/.test(status(candidate)), 'Home');
			const oldest = logRows(screen)[0]!;
			assert.match(oldest, /port +opening /, 'the oldest line: the port opening');
			wake(pair.relay, FIRST, 99);
			screen = await terminal.waitFor(candidate => new RegExp(` paused, 7 new · line 1 of ${total + 7}`).test(status(candidate)), 'new lines counted while paused');
			assert.equal(logRows(screen)[0], oldest, 'the view held still');
			terminal.press('End');
			screen = await terminal.waitFor(candidate => status(candidate).includes(' following'), 'End: following');
			assert.match(logRows(screen).at(-1)!, /saved +240ac4000010_/, 'the newest line');

			// The second camera, then only its lines.
			terminal.press('Right');
			terminal.press('f');
			screen = await terminal.waitFor(candidate => status(candidate).includes('only 24:0a:c4:01:01:11'), 'the camera filter');
			assert.match(status(screen), / following · line 1 of 21 /, '3 wakes of 6 frames and a saved line');
			for (const row of logRows(screen)) assert.match(row, /24:0a:c4:01:01:11|240ac4010111_/, row);

			// Search: keys are text while the prompt is open (q does not quit).
			terminal.press('/');
			terminal.typeAtOnce('qEOF');
			await terminal.waitFor(candidate => /^\/qEOF +Enter search · Esc cancel/.test(status(candidate)), 'the prompt');
			terminal.press('BSpace', 'BSpace', 'BSpace', 'BSpace');
			terminal.typeAtOnce('eof seq');
			terminal.press('Enter');
			screen = await terminal.waitFor(candidate => status(candidate).includes('"eof seq" n/N'), 'the search');
			assert.equal(existsSync(exitFile), false, 'the q typed into the prompt did not quit');
			// Every match is marked (inverse), the one gone to in yellow: the newest at or above the last row.
			const matchRow = () =>
				terminal
					.screenWithColours()
					.split('\n')
					.findIndex(line => /\u001B\[[\d;]*43m(\u001B\[[\d;]*m)*EOF seq/.test(line));
			const newest = matchRow();
			assert.ok(newest > 0, terminal.screenWithColours());
			assert.match(terminal.screenWithColours(), /\u001B\[[\d;]*7m(\u001B\[[\d;]*m)*EOF seq/, 'the other matches');
			terminal.press('N');
			await terminal.waitFor(() => matchRow() === newest - 6, 'N: the previous match, a wake (6 frames) earlier');
			for (const row of logRows(terminal.screen())) assert.match(row, /24:0a:c4:01:01:11|240ac4010111_/, 'still only the second camera');

			// Small: still whole.
			terminal.resize(40, 12);
			screen = await terminal.waitFor(candidate => status(candidate).startsWith(' following') && candidate.includes('q quit'), 'the log at 40x12');
			const lines = screen.replace(/\n+$/, '').split('\n');
			assert.equal(lines.length, 11, screen);
			for (const line of lines) assert.ok([...line].length <= 40, line);
			terminal.resize(100, 30);

			terminal.press('Escape');
			screen = await terminal.waitFor(candidate => /┌─+┐/.test(candidate) && screenProblems(candidate, size).length === 0, 'Esc: the dashboard with its log pane');
			terminal.press('q');
			await terminal.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '', 'the program to exit', 10_000);
			assert.equal(readFileSync(exitFile, 'utf8').trim(), '0');
		} finally {
			terminal.close();
			await pair.close();
		}
	});
});
