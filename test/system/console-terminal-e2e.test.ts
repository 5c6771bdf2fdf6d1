import assert from 'node:assert/strict';
import {setTimeout as delay} from 'node:timers/promises';
import {after, describe, it} from 'node:test';
import {consoleCharacters} from '../../source/terminal/glyph-set.js';
import {CLI} from '../helpers/cli.js';
import {PtyProcess} from '../helpers/pty-process.js';
import {tempDir} from '../helpers/temp-dir.js';
import {primaryAttributes, TERMINALS} from '../helpers/terminal-answers.js';
import {TmuxTerminal} from '../helpers/tmux.js';

const ESC = '\u001B';
/** What the Linux console answers to DA1 (and the only query it answers that the probe sends). */
const CONSOLE_DA1 = primaryAttributes('6');
/** A dashboard with camera panels whose previews are drawn. */
const PANELS_DRAWN = (screen: string) => /verified [1-9]/.test(screen) && !screen.includes('decoding');

function demo(env: Record<string, string>, flags = ''): TmuxTerminal {
	// tmux sets TMUX and its own TERM: the program is told it runs where the test says.
	return new TmuxTerminal(
		`env -u TMUX ${Object.entries(env)
			.map(([key, value]) => `${key}=${value}`)
			.join(' ')} ${process.execPath} ${CLI} --demo --out ${tempDir()} ${flags}`,
	);
}

const notAscii = (screen: string) => [...new Set(screen)].filter(character => character > '\u007E' || (character < ' ' && character !== '\n'));

describe('the Linux console and plain locales', {timeout: 120_000}, () => {
	const terminals: TmuxTerminal[] = [];
	after(() => {
		for (const terminal of terminals) terminal.close();
	});

	it('draws on TERM=linux only characters its fonts have, previews as coloured spaces', async () => {
		const terminal = demo({TERM: 'linux'});
		terminals.push(terminal);
		const screen = await terminal.waitFor(PANELS_DRAWN, 'camera panels with previews');
		const allowed = consoleCharacters();
		assert.deepEqual(
			notAscii(screen).filter(character => !allowed.has(character)),
			[],
			screen,
		);
		assert.match(screen, /┌─/, 'the console has square corners');
		// Previews: background colours behind spaces (16 colours: SGR 40-47, 100-107), once the first is made
		// (a panel may count its image a tick before its preview is ready, and say "decoding" meanwhile).
		await terminal.waitFor(() => /\u001B\[(4[0-7]|10[0-7])m {2}/.test(terminal.screenWithColours()), 'a preview in coloured spaces');
	});

	it('draws ASCII only in a locale without UTF-8 (LANG=C)', async () => {
		const terminal = demo({TERM: 'xterm-256color', LANG: 'C'});
		terminals.push(terminal);
		const screen = await terminal.waitFor(PANELS_DRAWN, 'camera panels with previews');
		assert.deepEqual(notAscii(screen), [], screen);
		assert.match(screen, /\+-+\+/, 'borders in ASCII');
	});

	it('draws ASCII only in a UTF-8 locale the system lacks (the C library falls back to C)', async () => {
		// A login from a machine with another locale (ssh sends LANG); no system has this one.
		const terminal = demo({TERM: 'xterm-256color', LANG: 'xx_XX.UTF-8'});
		terminals.push(terminal);
		const screen = await terminal.waitFor(PANELS_DRAWN, 'camera panels with previews');
		assert.deepEqual(notAscii(screen), [], screen);
	});

	it('draws Unicode in a locale without UTF-8 when told the terminal can (--utf8)', async () => {
		const terminal = demo({TERM: 'xterm-256color', LC_ALL: 'C'}, '--utf8');
		terminals.push(terminal);
		const screen = await terminal.waitFor(PANELS_DRAWN, 'camera panels with previews');
		assert.match(screen, /╭─/);
	});
});

describe('a locale without UTF-8 on a pty that answers as kitty', {timeout: 60_000}, () => {
	it('writes nothing but ASCII: no kitty pictures, whose placeholders are Unicode text', async () => {
		const folder = tempDir();
		// LC_ALL: with LANG=C alone, python3 (the pty's harness) would set LC_CTYPE=C.UTF-8 for its child (PEP 538).
		const env = {TERM: 'xterm-256color', LC_ALL: 'C', TMUX: '', KITTY_WINDOW_ID: '', TERM_PROGRAM: '', LC_TERMINAL: ''};
		const terminal = new PtyProcess(folder, [process.execPath, CLI, '--demo', '--demo-cameras', '2', '--out', folder], undefined, env);
		try {
			await terminal.waitForOutput(/\u001B\[c/);
			terminal.type(TERMINALS.kitty(0x6e_63_6d));
			await terminal.waitForOutput(/verified [1-9]/);
			await delay(1500);
			terminal.type('q');
			assert.equal((await terminal.exit(15_000)).code, 0);
			assert.deepEqual(
				[...new Set(terminal.output())].filter(character => character > '\u007E'),
				[],
			);
			assert.ok(!terminal.output().includes(`${ESC}_Ga=T`), 'no picture sent');
		} finally {
			terminal.kill();
		}
	});
});

describe('queries on the Linux console', {timeout: 60_000}, () => {
	it('sends none the console would print as text (the kitty graphics query, XTVERSION, the cell size)', async () => {
		const folder = tempDir();
		const terminal = new PtyProcess(folder, [process.execPath, CLI, '--demo', '--out', folder], undefined, {TERM: 'linux', TMUX: '', KITTY_WINDOW_ID: '', TERM_PROGRAM: ''});
		try {
			// Were DA1 sent, this is what the console would answer.
			await terminal.waitForOutput(/verified|\u001B\[c/);
			if (terminal.output().includes(`${ESC}[c`)) terminal.type(CONSOLE_DA1);
			await terminal.waitForOutput(/verified/);
			const output = terminal.output();
			assert.ok(!output.includes(`${ESC}_`), 'no APC (kitty graphics query)');
			assert.ok(!output.includes(`${ESC}[>0q`), 'no XTVERSION');
			assert.ok(!output.includes(`${ESC}[16t`), 'no cell size query');
			terminal.type('q');
			assert.equal((await terminal.exit(15_000)).code, 0);
		} finally {
			terminal.kill();
		}
	});
});

describe('headless lines in a locale without UTF-8 on a terminal', {timeout: 60_000}, () => {
	it('are ASCII only, as the dashboard is; --utf8 keeps the Unicode marks', async () => {
		const folder = tempDir();
		const run = async (...extra: string[]) => {
			const env = {TERM: 'xterm-256color', LC_ALL: 'C'};
			const terminal = new PtyProcess(folder, [process.execPath, CLI, '--headless', '--demo', '--demo-cameras', '2', '--out', folder, ...extra], undefined, env);
			try {
				await terminal.waitForOutput(/saved .*verified/);
				terminal.type('\u0003');
				assert.equal((await terminal.exit(15_000)).code, 0);
				return terminal.output();
			} finally {
				terminal.kill();
			}
		};

		const plain = await run();
		assert.deepEqual(
			[...new Set(plain)].filter(character => character > '\u007E'),
			[],
			plain.slice(-2000),
		);
		assert.match(await run('--utf8'), /verified, battery \d+% →/);
	});
});
