import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {CLI} from '../helpers/cli.js';
import {freePort} from '../helpers/free-port.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

describe('the header with outputs that are down', {timeout: 60_000}, () => {
	it("still shows every relay's state when the outputs' reasons are long", async () => {
		const root = tempDir();
		const a = await openPtyPair(root, 'a');
		const b = await openPtyPair(root, 'b');
		// Nothing listens on these: both outputs retry, each with its reason.
		const config = path.join(root, 'esp-cam.toml');
		writeFileSync(
			config,
			[
				`port = ["${a.host}", "${b.host}"]`,
				`out = "${path.join(root, 'out')}"`,
				`mqtt = "mqtt://127.0.0.1:${await freePort()}"`,
				'[influx]',
				`url = "http://127.0.0.1:${await freePort()}?db=cams"`,
				'',
			].join('\n'),
		);
		const terminal = new TmuxTerminal(`node ${CLI} --config ${config}`, {columns: 160, rows: 30});
		try {
			const log = (text: string) => text.split('\n').slice(2).join('\n');
			const screen = await terminal.waitFor(text => /mqtt +retrying/.test(log(text)) && /influx +retrying/.test(log(text)), 'both outputs retrying (in the log)');
			const top = screen.split('\n')[0]!;
			assert.match(top, /● connected \S*a-host/, `relay a is missing from the header:\n${top}\n\n${screen}`);
			assert.match(top, /● connected \S*b-host/, `relay b is missing from the header:\n${top}`);
			assert.match(top, /● mqtt retrying/);
			assert.match(top, /● influx retrying/);
		} finally {
			terminal.press('q');
			terminal.close();
			await a.close();
			await b.close();
		}
	});
});
