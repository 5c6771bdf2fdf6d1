import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {CLI} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

/** A panel line that is a picture: in tmux, `auto` draws quadrants. */
const PREVIEW_BLOCK = /│ *[▀▄█▌▐▖▗▘▙▚▛▜▝▞▟][▀▄█▌▐▖▗▘▙▚▛▜▝▞▟ ]{3,}│/;
const frameLines = (screen: string) => screen.split('\n').filter(line => /frame +\S+ DATA seq \d+/.test(line));

describe('the dashboard in a real terminal (tmux, 120x40)', {timeout: 90_000}, () => {
	it('shows the demo cameras; d, p, ? and q work; q exits 0 and restores the screen', async () => {
		const root = tempDir();
		const out = path.join(root, 'images');
		const exitFile = path.join(root, 'exit');
		const terminal = new TmuxTerminal(
			`${process.execPath} ${CLI} --demo --demo-cameras 6 --out ${out}; echo $? > ${exitFile}; sleep 60`,
			{columns: 120, rows: 40},
			{TERM: 'xterm-256color'},
		);
		try {
			const panels = await terminal.waitFor(screen => (screen.match(/24:0a:c4:/g) ?? []).length >= 3 && /verified [1-9]/.test(screen), 'camera panels with images');
			assert.match(panels, /gaps \d+/);
			assert.match(panels, /\d+(\.\d)? (B|KiB)\/s/);
			assert.match(panels, /esp-cam-monitor · up \d+:\d\d:\d\d · ● demo/);
			assert.ok(panels.trimEnd().split('\n').length <= 40);
			await terminal.waitFor(screen => PREVIEW_BLOCK.test(screen), 'preview blocks');
			assert.match(terminal.screenWithColours(), /\u001B\[(38|48);(5|2);/, 'previews are in colour');

			terminal.press('p');
			await terminal.waitFor(screen => !PREVIEW_BLOCK.test(screen) && screen.includes('previews off'), 'previews removed by p');
			terminal.press('p');
			await terminal.waitFor(screen => PREVIEW_BLOCK.test(screen), 'previews back after p');

			terminal.press('d');
			await terminal.waitFor(screen => frameLines(screen).length > 0, 'DATA frame lines after d');
			terminal.press('d');
			await terminal.waitFor(screen => screen.includes('debug off'), 'debug off');
			// Frames that arrived before the key may still be drawn with the next snapshot.
			await delay(1500);
			const known = new Set(frameLines(terminal.screen()));
			await delay(3000);
			const fresh = frameLines(terminal.screen()).filter(line => !known.has(line));
			assert.deepEqual(fresh, [], 'no new frame lines after the second d');

			terminal.press('?');
			const help = await terminal.waitFor(screen => screen.includes('Keys'), 'the help overlay');
			assert.match(help, /debug/);
			assert.match(help, /quit/);
			terminal.press('Escape');
			await terminal.waitFor(screen => !screen.includes('Keys'), 'help closed by Esc');

			terminal.press('q');
			await terminal.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '', 'the program to exit', 10_000);
			assert.equal(readFileSync(exitFile, 'utf8').trim(), '0');
			const after = terminal.screen();
			assert.match(after, /summary \d+ good/);
			assert.doesNotMatch(after, /╭|● demo/, 'the alternate screen is gone');
			assert.ok(
				readdirSync(out).some(name => name.endsWith('.jpg')),
				'images were written',
			);
		} finally {
			terminal.close();
		}
	});

	it('runs without keys when there is no terminal to read them from (no controlling terminal), and says so; SIGINT still quits cleanly', async () => {
		const root = tempDir();
		const exitFile = path.join(root, 'exit');
		const pidFile = path.join(root, 'pid');
		// setsid: a new session without a controlling terminal, so no /dev/tty either (stdout is still the terminal).
		const command = `echo $$ > ${pidFile}; exec ${process.execPath} ${CLI} --port ${path.join(root, 'no-such-port')} --out ${root}/out`;
		const terminal = new TmuxTerminal(`setsid -w sh -c '${command}' < /dev/null; echo $? > ${exitFile}; sleep 60`, {columns: 80, rows: 24});
		try {
			const screen = await terminal.waitFor(s => s.includes('No keys') && s.includes('not found'), 'the no-keys notice and the port state');
			assert.match(screen, /waiting/);
			assert.match(screen, /not found/);
			process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGINT');
			await terminal.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '', 'exit', 10_000);
			assert.equal(readFileSync(exitFile, 'utf8').trim(), '0');
		} finally {
			terminal.close();
		}
	});
});
