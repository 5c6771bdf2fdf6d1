import assert from 'node:assert/strict';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {PLACEHOLDER} from '../../source/graphics/kitty/placeholder.js';
import {CLI} from '../helpers/cli.js';
import {PtyProcess} from '../helpers/pty-process.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TERMINALS} from '../helpers/terminal-answers.js';

const QUERY_ID = 0x6e_63_6d;
const ESC = '\u001B';
/** What the environment would say: nothing, so only the answers decide. */
const NO_HINTS = {TERM: 'xterm-256color', COLORTERM: 'truecolor', TMUX: '', KITTY_WINDOW_ID: '', TERM_PROGRAM: '', LC_TERMINAL: '', NO_COLOR: ''};

/**
 * The demo dashboard on a real pseudo-terminal whose test side plays the
 * terminal: it answers the dashboard's graphics queries as kitty, as a sixel
 * terminal (foot) or as a plain one, and reads what the dashboard sends.
 */
async function dashboardAnsweredAs(answer: string, act: (terminal: PtyProcess) => Promise<void>): Promise<string> {
	const out = path.join(tempDir(), 'images');
	const terminal = new PtyProcess(tempDir(), [process.execPath, CLI, '--demo', '--demo-cameras', '2', '--out', out], {columns: 120, rows: 40}, NO_HINTS);
	try {
		await terminal.waitForOutput(/\u001B\[c/);
		terminal.type(answer);
		await act(terminal);
		terminal.type('q');
		assert.equal((await terminal.exit(10_000)).code, 0);
		return terminal.output();
	} finally {
		terminal.kill();
	}
}

const transmissions = (output: string) => [...output.matchAll(/\u001B_Ga=T,U=1,q=2,f=100,i=(\d+),c=(\d+),r=(\d+)/g)].map(match => Number(match[1]));
const sixels = (output: string) => output.split(`${ESC}P0;1;0q`).length - 1;

/** Half-block and quadrant characters: a picture in text cells. */
const TEXT_CELLS = /[▀▄▌▐▖▗▘▝▙▚▛▜▞▟]/u;

describe('pixel previews on a real pty, the terminal answering', {timeout: 90_000}, () => {
	it('as kitty: each picture sent once (quiet, a virtual placement), and shown by placeholder cells in the panels; deleted at exit', async () => {
		const output = await dashboardAnsweredAs(TERMINALS.kitty(QUERY_ID), async terminal => {
			await terminal.waitForOutput(/\u001B_Ga=T,U=1/);
			// Placeholders with the id's colour, after the transmissions.
			await terminal.waitForOutput(new RegExp(`\\u001B\\[38;5;\\d+m${PLACEHOLDER}`, 'u'));
			await delay(3000);
		});
		const sent = transmissions(output);
		assert.ok(sent.length >= 1, `pictures sent: ${sent.length}`);
		assert.equal(new Set(sent).size, sent.length, 'no picture is sent twice');
		for (const id of sent) assert.ok(output.includes(`${ESC}_Ga=d,d=I,i=${id},q=2${ESC}\\`), `picture ${id} deleted at exit`);
		assert.equal(sixels(output), 0);
	});

	it('as a sixel terminal: panels in text cells, and a sixel picture in the zoom view, not sent again each second', async () => {
		const output = await dashboardAnsweredAs(TERMINALS.foot(), async terminal => {
			await terminal.waitForOutput(/saved/);
			await delay(1500);
			assert.equal(sixels(terminal.output()), 0, 'no sixel in the panels');
			terminal.type('\r');
			await terminal.waitForOutput(/\u001BP0;1;0q"1;1;\d+;\d+/);
			const before = sixels(terminal.output());
			await delay(3000);
			// Frames every second change the header only: the picture stays without being sent again
			// (a new image from the demo camera may bring one more).
			assert.ok(sixels(terminal.output()) - before <= 2, `sixels sent again: ${sixels(terminal.output()) - before}`);
		});
		assert.equal(transmissions(output).length, 0);
	});

	it('as a plain terminal: text cells only', async () => {
		const output = await dashboardAnsweredAs(TERMINALS.plain(), async terminal => {
			await terminal.waitForOutput(/saved/);
			terminal.type('\r');
			// The zoomed picture is decoded in the preview thread: waited for, not a fixed time (slow under load).
			await terminal.waitForOutput(TEXT_CELLS).catch(() => undefined);
		});
		assert.equal(transmissions(output).length, 0);
		assert.equal(sixels(output), 0);
		assert.ok(!output.includes(PLACEHOLDER));
		assert.match(output, TEXT_CELLS, 'text cells');
	});
});
