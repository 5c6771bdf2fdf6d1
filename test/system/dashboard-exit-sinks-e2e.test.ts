import assert from 'node:assert/strict';
import path from 'node:path';
import {describe, it} from 'node:test';
import {CLI} from '../helpers/cli.js';
import {freePort} from '../helpers/free-port.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

describe('the dashboard at exit', {timeout: 60_000}, () => {
	it('says what an output lost, as the headless summary does', async () => {
		const root = tempDir();
		// Nothing listens there: points wait in a buffer of 2, so the oldest are dropped at once.
		const influx = `http://127.0.0.1:${await freePort()}?db=cams`;
		const terminal = new TmuxTerminal(`node ${CLI} --demo --out ${path.join(root, 'out')} --influx '${influx}' --influx-buffer 2; sleep 60`, {columns: 160, rows: 40});
		try {
			await terminal.waitFor(screen => /influx retrying[^\n]*, \d+ dropped/.test(screen.split('\n')[0]!), 'influx dropping points, in the header');
			terminal.press('q');
			const screen = await terminal.waitFor(text => text.includes('summary '), 'the exit summary');
			// The summary may be wrapped by the terminal.
			assert.match(screen.replaceAll('\n', ''), /summary .*; influx, \d+ dropped/);
		} finally {
			terminal.close();
		}
	});
});
