import assert from 'node:assert/strict';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {CLI} from '../helpers/cli.js';
import {PtyProcess} from '../helpers/pty-process.js';
import {tempDir} from '../helpers/temp-dir.js';
import {primaryAttributes} from '../helpers/terminal-answers.js';

const ESC = '\u001B';

describe('answers of a slow terminal at exit', {timeout: 60_000}, () => {
	it('are read away, not left for the shell, when q comes before them', async () => {
		const folder = tempDir();
		// After the program, what the shell would read: whatever is left in the terminal's input (TCSANOW: kept, not flushed).
		const leftover =
			'import os, select, termios, tty; tty.setraw(0, termios.TCSANOW); ready = select.select([0], [], [], 1.5)[0]; print("LEFT[" + (os.read(0, 4096).hex() if ready else "") + "]")';
		const script = `${process.execPath} ${CLI} --demo --out ${folder}; python3 -c '${leftover}'`;
		const terminal = new PtyProcess(folder, ['sh', '-c', script], undefined, {TMUX: '', KITTY_WINDOW_ID: '', TERM_PROGRAM: ''});
		try {
			await terminal.waitForOutput(/\u001B\[c/);
			terminal.type('q');
			await delay(300);
			terminal.type(`${ESC}_Gi=7234413;EINVAL:unsupported format${ESC}\\${primaryAttributes('62;22')}`);
			await terminal.waitForOutput(/LEFT\[[\da-f]*\]/);
			const left = /LEFT\[([\da-f]*)\]/.exec(terminal.output())![1]!;
			assert.equal(Buffer.from(left, 'hex').toString(), '', 'nothing reaches the shell');
			// Nor the screen: the terminal echoes what arrives once raw mode is off (`^[[?62;22c`).
			const afterDashboard = terminal.output().split(`${ESC}[?1049l`).at(-1)!;
			assert.doesNotMatch(afterDashboard, /62;22c|unsupported format/);
			assert.equal((await terminal.exit(10_000)).code, 0);
		} finally {
			terminal.kill();
		}
	});
});
