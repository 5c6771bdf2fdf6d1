import assert from 'node:assert/strict';
import path from 'node:path';
import {describe, it} from 'node:test';
import {CLI} from '../helpers/cli.js';
import {PtyProcess} from '../helpers/pty-process.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TERMINALS} from '../helpers/terminal-answers.js';

/** The last line of a full frame. */
const FOOTER = 'q quit';
/** The terminal probe's last query (DA1), which every terminal answers. */
const PROBE_DONE_QUERY = '\u001B[c';

// On a Pi a terminal over SSH may take a second to answer: the dashboard is drawn first, the answers upgrade previews later.
describe('the first frame', {timeout: 60_000}, () => {
	it('is drawn before the terminal is asked what it draws, and the probe answered later still completes', async () => {
		const folder = tempDir();
		const terminal = new PtyProcess(
			folder,
			[process.execPath, CLI, '--demo', '--out', path.join(folder, 'images')],
			{columns: 120, rows: 40},
			{
				TERM: 'xterm-256color',
				LANG: 'C.UTF-8',
				TMUX: '',
				KITTY_WINDOW_ID: '',
				TERM_PROGRAM: '',
				LC_TERMINAL: '',
			},
		);
		try {
			await terminal.waitForOutput(/\u001B\[c/);
			const output = terminal.output();
			const beforeQueries = output.slice(0, output.indexOf(PROBE_DONE_QUERY)).replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '');
			assert.ok(beforeQueries.includes(FOOTER), `the whole frame, footer included, was written before the terminal was asked:\n${beforeQueries}`);
			terminal.type(TERMINALS.plain());
			terminal.type('q');
			assert.equal((await terminal.exit(15_000)).code, 0);
		} finally {
			terminal.kill();
		}
	});
});
