import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {describe, it} from 'node:test';
import type {GraphicsDecision} from '../../source/terminal/terminal-probe-decision.js';
import {probeQueries} from '../../source/terminal/terminal-probe-queries.js';
import {PtyProcess} from '../helpers/pty-process.js';
import {tempDir} from '../helpers/temp-dir.js';
import {cellSize, kittyOk, TERMINALS, xtversion} from '../helpers/terminal-answers.js';

const SCRIPT = fileURLToPath(new URL('../helpers/probe-terminal-script.ts', import.meta.url));
const QUERY_ID = 0x6e_63_6d;

/**
 * The prober on a real pseudo-terminal (python3's pty module), the test
 * playing the terminal: it reads the queries the prober wrote and types the
 * answers of a kitty, a sixel terminal or a plain one back, with keys the
 * user typed around them.
 */
async function probeThrough(answer: string | undefined, timeoutMs = 5000): Promise<{decision: GraphicsDecision; keys: string; output: string}> {
	const terminal = new PtyProcess(tempDir(), [process.execPath, '--import', 'tsx', SCRIPT, String(timeoutMs)], undefined, {
		TMUX: '',
		KITTY_WINDOW_ID: '',
		TERM_PROGRAM: '',
		LC_TERMINAL: '',
	});
	try {
		await terminal.waitForOutput(/\u001B\[c/);
		assert.ok(terminal.output().includes(probeQueries(QUERY_ID, false)), 'the queries, DA1 last');
		if (answer !== undefined) terminal.type(`d${answer}q`);
		await terminal.waitForOutput(/RESULT \{.*\}\r*\n/);
		const output = terminal.output();
		terminal.type('x');
		assert.equal((await terminal.exit(5000)).code, 0);
		const result = JSON.parse(/RESULT (\{.*\})\r*\n/.exec(output)![1]!) as {decision: GraphicsDecision; keys: string};
		return {decision: result.decision, keys: Buffer.from(result.keys, 'hex').toString(), output};
	} finally {
		terminal.kill();
	}
}

describe('terminal probe on a real pty', () => {
	it('answered as kitty: kitty placeholders; the typed keys are handed on; nothing is echoed', async () => {
		const {decision, keys, output} = await probeThrough(TERMINALS.kitty(QUERY_ID));
		assert.equal(decision.pixels, 'kitty');
		assert.deepEqual(decision.cell, {width: 10, height: 21});
		assert.equal(keys, 'dq');
		assert.ok(!output.includes('kitty(0.35.2)'), 'the answers are not echoed onto the screen');
	});

	it('answered as a sixel terminal (foot): sixel', async () => {
		const {decision, keys} = await probeThrough(TERMINALS.foot());
		assert.equal(decision.pixels, 'sixel');
		assert.equal(keys, 'dq');
	});

	it('answered as a plain terminal: text cells only', async () => {
		const {decision, keys} = await probeThrough(TERMINALS.plain());
		assert.equal(decision.pixels, undefined);
		assert.equal(keys, 'dq');
	});

	it('not answered at all: text cells only, after the bounded wait', async () => {
		const {decision} = await probeThrough(undefined, 300);
		assert.equal(decision.pixels, undefined);
		assert.match(decision.reason, /did not answer/);
	});
});

/**
 * The prober inside a real tmux, whose client runs on a pty the test plays
 * as kitty: tmux asks the terminal's name when it attaches (the test answers
 * as kitty 0.35.2), and the prober's graphics query reaches the test only
 * through passthrough.
 */
async function probeInsideTmux(allowPassthrough: boolean): Promise<GraphicsDecision> {
	if (spawnSync('tmux', ['-V'], {stdio: 'ignore'}).error) throw new Error('tmux is needed for this test: apt-get install -y tmux');
	const folder = tempDir();
	// A private server whose socket goes with the folder.
	const socket = path.join(folder, 'tmux.socket');
	const config = path.join(folder, 'tmux.conf');
	writeFileSync(config, `set -g allow-passthrough ${allowPassthrough ? 'on' : 'off'}\n`);
	const command = `${process.execPath} --import tsx ${SCRIPT} 2000`;
	const terminal = new PtyProcess(folder, ['tmux', '-S', socket, '-f', config, 'new-session', command], {columns: 400, rows: 20});
	try {
		await terminal.waitForOutput(/\u001B\[>q/);
		terminal.type(`${xtversion('kitty(0.35.2)')}\u001B[>1;4000;29c`);
		if (allowPassthrough) {
			await terminal.waitForOutput(new RegExp(`\u001B_Gi=${QUERY_ID},`));
			terminal.type(kittyOk(QUERY_ID) + cellSize(10, 21));
		}

		const deadline = Date.now() + 15_000;
		for (;;) {
			const screen = execFileSync('tmux', ['-S', socket, 'capture-pane', '-p', '-J'], {encoding: 'utf8'});
			const result = /RESULT (\{.*\})/.exec(screen);
			if (result) return (JSON.parse(result[1]!) as {decision: GraphicsDecision}).decision;
			if (Date.now() > deadline) throw new Error(`no result in the pane:\n${screen}`);
			await delay(100);
		}
	} finally {
		spawnSync('tmux', ['-S', socket, 'kill-server'], {stdio: 'ignore'});
		terminal.kill();
	}
}

describe('terminal probe inside a real tmux', () => {
	it('with allow-passthrough on, in kitty: kitty placeholders through passthrough', async () => {
		const decision = await probeInsideTmux(true);
		assert.equal(decision.pixels, 'kitty', decision.reason);
		assert.equal(decision.tmux, true);
		assert.equal(decision.terminal, 'kitty');
		assert.deepEqual(decision.cell, {width: 10, height: 21});
	});

	it('with allow-passthrough off: text cells, and the reason says how to turn it on', async () => {
		const decision = await probeInsideTmux(false);
		assert.equal(decision.pixels, undefined);
		assert.match(decision.reason, /set -g allow-passthrough on/);
	});
});
