import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

export const UTF8_LOCALE = {LANG: 'C.UTF-8', LC_ALL: '', LC_CTYPE: ''};

// A test that times out or throws before its finally leaves its terminal open: close it as the process ends.
const openTerminals = new Set<TmuxTerminal>();
process.on('exit', () => {
	for (const terminal of openTerminals) terminal.close();
});

/**
 * A real terminal for end-to-end tests: a tmux session of a given size, on a
 * private tmux server. tmux must be installed (.ci/run does); without it the
 * test fails, it is not skipped.
 */
export class TmuxTerminal {
	// tmux's kill-server leaves the socket file behind: each server gets a folder of its own, removed on close.
	private readonly folder = mkdtempSync(path.join(tmpdir(), 'esp-cam-tmux-'));
	private readonly socket = path.join(this.folder, 'socket');

	/** The command gets a UTF-8 locale unless `env` says otherwise (without one the dashboard draws ASCII only). */
	constructor(command: string, size = {columns: 120, rows: 40}, env: Record<string, string> = {}) {
		if (spawnSync('tmux', ['-V'], {stdio: 'ignore'}).error) throw new Error('tmux is needed for the terminal tests: apt-get install -y tmux');
		const exports = Object.entries({...UTF8_LOCALE, ...env})
			.map(([key, value]) => `${key}=${JSON.stringify(value)} `)
			.join('');
		openTerminals.add(this);
		this.tmux('new-session', '-d', '-s', 'main', '-x', String(size.columns), '-y', String(size.rows), `${exports}${command}`);
	}

	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', 'main');
	}

	/** The screen with its colour escapes. */
	screenWithColours(): string {
		return this.tmux('capture-pane', '-p', '-e', '-t', 'main');
	}

	press(...keys: string[]): void {
		this.tmux('send-keys', '-t', 'main', ...keys);
	}

	/** Types `text` in one write to the terminal, as a laggy link delivers several keys at once. */
	typeAtOnce(text: string): void {
		this.tmux('send-keys', '-t', 'main', '-l', text);
	}

	/** Pastes `text` the way a terminal does: marked as a paste when the program asked for bracketed paste. */
	paste(text: string): void {
		this.tmux('set-buffer', '-b', 'test', text);
		this.tmux('paste-buffer', '-p', '-b', 'test', '-t', 'main');
	}

	resize(columns: number, rows: number): void {
		this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
	}

	async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const screen = this.screen();
			if (test(screen)) return screen;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
			await delay(100);
		}
	}

	close(): void {
		spawnSync('tmux', ['-S', this.socket, 'kill-server'], {stdio: 'ignore'});
		rmSync(this.folder, {recursive: true, force: true});
		openTerminals.delete(this);
	}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	}
}
