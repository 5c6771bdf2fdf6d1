import assert from 'node:assert/strict';
import {closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {encodeFrame} from '../../source/core/protocol/frame-encoder.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {CLI} from '../helpers/cli.js';
import {screenProblems} from '../helpers/dashboard-screen.js';
import {halfAnImage} from '../helpers/half-image.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

const NODE = process.execPath;
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

async function exitStatus(terminal: TmuxTerminal, file: string): Promise<string> {
	await terminal.waitFor(() => existsSync(file) && readFileSync(file, 'utf8').trim() !== '', 'the program to exit', 10_000);
	return readFileSync(file, 'utf8').trim();
}

/** Runs `command` in the shell of `terminal`; once the dashboard is drawn, Ctrl-Z. Resolves to the screen once the shell says the job stopped. */
async function startThenSuspend(terminal: TmuxTerminal, command: string): Promise<string> {
	terminal.typeAtOnce(command);
	terminal.press('Enter');
	await terminal.waitFor(screen => screen.startsWith('esp-cam-monitor · up') && screen.includes('debug off'), 'the dashboard');
	terminal.press('C-z');
	return terminal.waitFor(screen => screen.includes('Stopped'), 'the job to stop', 10_000);
}

/** After Ctrl-Z, `fg`: the whole dashboard again with nothing of the shell (`shellText`) on it, keys that act; then q and the summary. */
async function comeBackAndQuit(terminal: TmuxTerminal, shellText: RegExp): Promise<void> {
	terminal.typeAtOnce('fg');
	terminal.press('Enter');
	const back = await terminal.waitFor(screen => screen.startsWith('esp-cam-monitor · up') && screen.includes('debug off'), 'the whole dashboard again');
	assert.doesNotMatch(back, shellText, 'nothing of the shell is left on the dashboard');
	terminal.press('d');
	await terminal.waitFor(screen => screen.includes('debug on'), 'keys after fg');
	terminal.press('q');
	await terminal.waitFor(screen => /summary \d+ good/.test(screen), 'the summary after q');
}

describe('the dashboard in a real terminal (tmux): keys, suspend, /dev/tty', {timeout: 120_000}, () => {
	it('keys typed fast, several in one write, all act in order; a bracketed paste is not commands', async () => {
		const root = tempDir();
		const exitFile = path.join(root, 'exit');
		const terminal = new TmuxTerminal(`${NODE} ${CLI} --port ${root}/no-such-port --out ${root}/out; echo $? > ${exitFile}; sleep 60`, {columns: 100, rows: 30});
		try {
			await terminal.waitFor(screen => screen.includes('debug off') && screen.includes('previews on'), 'the footer');
			terminal.typeAtOnce('pd');
			await terminal.waitFor(screen => screen.includes('debug on') && screen.includes('previews off'), 'both p and d to act');
			terminal.paste('dpq\r?');
			await delay(1000);
			const screen = terminal.screen();
			assert.match(screen, /debug on/, 'the paste changed nothing');
			assert.match(screen, /previews off/);
			assert.doesNotMatch(screen, /Keys/, 'no help from a pasted ?');
			assert.equal(existsSync(exitFile), false, 'a pasted q does not quit');
			terminal.typeAtOnce('dq');
			assert.equal(await exitStatus(terminal, exitFile), '0');
		} finally {
			terminal.close();
		}
	});

	it('Ctrl-Z gives the shell its terminal back as it was; fg redraws everything and keys work again', async () => {
		const root = tempDir();
		const terminal = new TmuxTerminal('bash --norc --noprofile', {columns: 100, rows: 30}, {PS1: '$ '});
		try {
			await startThenSuspend(terminal, `${NODE} ${CLI} --port ${root}/no-such-port --out ${root}/out`);
			assert.doesNotMatch(terminal.screen(), /debug off/, 'the alternate screen is left');
			terminal.typeAtOnce('stty -a | grep -o -e "-\\?icanon" -e "-\\?echo " | tr "\\n" " "; echo MODES');
			terminal.press('Enter');
			const modes = await terminal.waitFor(screen => /icanon\s+echo\s+MODES/.test(screen) || /-icanon|-echo /.test(screen), 'the terminal modes');
			assert.doesNotMatch(modes, /-icanon|-echo /, 'raw mode is off while suspended');
			await comeBackAndQuit(terminal, /MODES|Stopped/);
		} finally {
			terminal.close();
		}
	});

	it('Ctrl-Z under `npm run demo` (as the readme says): npm and sh stop too, the shell prompt comes back; fg redraws', async () => {
		const root = tempDir();
		const terminal = new TmuxTerminal('bash --norc --noprofile', {columns: 80, rows: 24}, {PS1: 'PROMPT$ '});
		try {
			// Stopping only the program left npm waiting for it: no prompt, a frozen terminal.
			await startThenSuspend(terminal, `cd ${REPOSITORY} && npm run demo -- --out ${root}/out`);
			await terminal.waitFor(screen => /^PROMPT\$$/m.test(screen), 'the prompt back');
			terminal.typeAtOnce('jobs');
			terminal.press('Enter');
			await terminal.waitFor(screen => /^\[1\]\+ +Stopped +npm run demo/m.test(screen.split('jobs')[1] ?? ''), 'the job listed as stopped');
			await comeBackAndQuit(terminal, /PROMPT|Stopped/);
			await terminal.waitFor(screen => /^PROMPT\$$/m.test(screen), 'the prompt after the summary');
		} finally {
			terminal.close();
		}
	});

	it('help at 80x24 scrolls with ↑↓ PgUp PgDn Home End, says where it is, and reaches its last sentence', async () => {
		const root = tempDir();
		const terminal = new TmuxTerminal(`${NODE} ${CLI} --port ${root}/no-such-port --out ${root}/out; sleep 60`, {columns: 80, rows: 24});
		const inBox = (screen: string) => screen.replaceAll(/\s*│\s*/g, ' ');
		try {
			await terminal.waitFor(screen => screen.includes('debug off') && screen.includes('not found'), 'the dashboard');
			terminal.press('?');
			const top = await terminal.waitFor(screen => screen.includes('Keys') && /rows 1–\d+ of \d+ · Esc closes/.test(screen), 'help, from its top');
			assert.doesNotMatch(inBox(top), /oversize,\s+shutdown\)\./);
			terminal.press('End');
			const end = await terminal.waitFor(screen => /rows \d+–(\d+) of \1 /.test(screen), 'help at its end');
			assert.match(inBox(end), /oversize,\s+shutdown\)\./);
			terminal.press('Home');
			await terminal.waitFor(screen => screen.includes('rows 1–') && screen.includes('Keys'), 'help at its top again');
			terminal.press('PgDn');
			await terminal.waitFor(screen => /rows [2-9]\d*–/.test(screen), 'a page down');
			terminal.press('Up');
			terminal.press('Down');
			terminal.press('Escape');
			await terminal.waitFor(screen => !screen.includes('Keys') && screen.includes('debug off'), 'the dashboard again');
		} finally {
			terminal.close();
		}
	});

	it('the terminal goes away while the dashboard is suspended: it wakes, keeps the open image in incomplete/, ends', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const out = path.join(root, 'out');
		const pidFile = path.join(root, 'pid');
		const terminal = new TmuxTerminal('bash --norc --noprofile', {columns: 100, rows: 30}, {PS1: '$ '});
		try {
			terminal.typeAtOnce(`sh -c 'echo $$ > ${pidFile}; exec ${NODE} ${CLI} --port ${pair.host} --out ${out}'`);
			terminal.press('Enter');
			await terminal.waitFor(screen => screen.includes('connected'), 'the dashboard');
			halfAnImage(pair.relay);
			await terminal.waitFor(screen => screen.includes('receiving 8 chunks'), 'the open image');
			terminal.press('C-z');
			await terminal.waitFor(screen => screen.includes('Stopped'), 'the job to stop');
			const pid = Number(readFileSync(pidFile, 'utf8'));
			terminal.close();
			const closedAt = Date.now();
			while (isRunning(pid)) {
				assert.ok(Date.now() - closedAt < 2000, 'ended within 2 s of the hang-up');
				await delay(50);
			}

			const kept = readdirSync(path.join(out, 'incomplete'));
			assert.equal(kept.length, 1, kept.join(', '));
			assert.match(kept[0]!, /_shutdown\.jpg$/);
		} finally {
			terminal.close();
			await pair.close();
		}
	});

	it('stdin not a terminal (< /dev/null): keys come from /dev/tty, and what is typed never shows', async () => {
		const root = tempDir();
		const exitFile = path.join(root, 'exit');
		const terminal = new TmuxTerminal(`${NODE} ${CLI} --port ${root}/no-such-port --out ${root}/out < /dev/null; echo $? > ${exitFile}; sleep 60`, {columns: 80, rows: 24});
		try {
			await terminal.waitFor(screen => screen.includes('debug off') && screen.includes('not found'), 'the dashboard with keys');
			terminal.typeAtOnce('xyzzy');
			terminal.press('d');
			await terminal.waitFor(screen => screen.includes('debug on'), 'd read from /dev/tty');
			await delay(300);
			assert.doesNotMatch(terminal.screen(), /xyzzy|zz/, 'typed text is not echoed onto the dashboard');
			// The header has room for the start of the port's trouble only; help shows all of it.
			terminal.press('?');
			await terminal.waitFor(
				screen => screen.includes('Keys') && /waiting .*no-such-port: not found, waiting for it/.test(screen.replaceAll(/\s*│\s*/g, ' ')) && screen.includes('plugged in?)'),
				'the port detail in the help',
			);
			terminal.press('q');
			assert.equal(await exitStatus(terminal, exitFile), '0');
			// And in full on exit.
			assert.match(terminal.screen().replaceAll('\n', ''), /port: waiting .*no-such-port: not found, waiting for it \(is the relay plugged in\?\)/);
		} finally {
			terminal.close();
		}
	});
});

describe('the dashboard at small sizes and through resizes (tmux)', {timeout: 120_000}, () => {
	it('at every size down to 40x12 every line is whole: nothing drawn over anything, nothing stale', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const terminal = new TmuxTerminal(`${NODE} ${CLI} --port ${pair.host} --out ${root}/out; sleep 60`, {columns: 120, rows: 40}, {TERM: 'xterm-256color'});
		try {
			await terminal.waitFor(screen => screen.includes('connected'), 'the port');
			sixCameras(pair.relay);
			await terminal.waitFor(screen => (screen.match(/24:0a:c4:/g) ?? []).length >= 6, 'six cameras');
			const sizes = [
				{columns: 120, rows: 20},
				{columns: 80, rows: 24},
				{columns: 50, rows: 15},
				{columns: 40, rows: 12},
				{columns: 60, rows: 12},
				{columns: 120, rows: 40},
			];
			for (const size of sizes) {
				terminal.resize(size.columns, size.rows);
				// Drawn over or left behind stays so: a screen that is never whole fails (a slow redraw does not).
				const screen = await terminal
					.waitFor(candidate => screenProblems(candidate, size).length === 0, `a whole screen at ${size.columns}x${size.rows}`, 5000)
					.catch(() => terminal.screen());
				assert.deepEqual(screenProblems(screen, size), [], `${size.columns}x${size.rows}:\n${screen}`);
				// And it stays whole through the next redraws.
				await delay(1100);
				const later = terminal.screen();
				assert.deepEqual(screenProblems(later, size), [], `${size.columns}x${size.rows}, a second later:\n${later}`);
				if (size.columns >= 80) assert.match(later, /\? help · q quit/);
			}
		} finally {
			terminal.close();
			await pair.close();
		}
	});
});

/** Six cameras at once: five in the middle of an image, one with a whole (verified) image. */
function sixCameras(relay: string): void {
	const fd = openSync(relay, 'w');
	for (let camera = 0; camera < 6; camera++) {
		const mac = 0x240ac4000010 + camera * 0x010101;
		const image = fakeJpeg(1000, camera + 1);
		const frames = wakeFrames(mac, image, {voltage: 40 + camera * 10});
		for (const frame of camera === 0 ? frames : frames.slice(0, 3)) writeSync(fd, encodeFrame(frame.mac, frame.type, frame.sequence, frame.payload));
	}

	closeSync(fd);
}

/** Alive, and not a zombie waiting for a parent to reap it. */
function isRunning(pid: number): boolean {
	try {
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}
