import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {UTF8_LOCALE} from './tmux.js';

const HARNESS = fileURLToPath(new URL('pty-run.py', import.meta.url));

export interface PtyExit {
	/** The exit code, or minus the signal that killed it. */
	code: number;
	/** Milliseconds from the hang-up to the exit (-1 without a hang-up). */
	afterHangupMs: number;
}

/**
 * A command on a real pseudo-terminal of its own (python3's pty module), which
 * the test can type into, resize, and hang up: closing the master is what sshd
 * does when the client vanishes, and the command gets SIGHUP and then EIO on
 * every write. python3 must be installed; without it the test fails.
 */
export class PtyProcess {
	readonly exited: Promise<PtyExit>;
	private readonly harness: ChildProcess;
	private readonly outputFile: string;
	private report = '';

	constructor(folder: string, command: string[], size = {columns: 100, rows: 30}, env: NodeJS.ProcessEnv = {}) {
		if (spawnSync('python3', ['--version'], {stdio: 'ignore'}).error) throw new Error('python3 is needed for the pty tests');
		this.outputFile = path.join(folder, `pty-output-${Math.random().toString(36).slice(2, 8)}`);
		writeFileSync(this.outputFile, '');
		this.harness = spawn('python3', [HARNESS, String(size.columns), String(size.rows), this.outputFile, '--', ...command], {
			env: {...process.env, TERM: 'xterm-256color', ...UTF8_LOCALE, ...env},
			stdio: ['pipe', 'pipe', 'inherit'],
		});
		this.harness.stdout!.setEncoding('utf8');
		this.harness.stdout!.on('data', (text: string) => {
			this.report += text;
		});
		this.exited = new Promise((resolve, reject) => {
			this.harness.on('exit', () => {
				const match = /exit (-?\d+) (-?\d+)/.exec(this.report);
				if (match) resolve({code: Number(match[1]), afterHangupMs: Number(match[2])});
				else reject(new Error(`pty harness ended without a report: ${this.report}`));
			});
		});
		// Killed in a test's clean-up after a failure: nobody waits any more.
		this.exited.catch(() => undefined);
	}

	/** Everything written to the terminal so far, escapes included. */
	output(): string {
		return readFileSync(this.outputFile, 'utf8');
	}

	async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!pattern.test(this.output())) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on the terminal; output:\n${this.output().slice(-3000)}`);
			await delay(50);
		}
	}

	type(bytes: string | Buffer): void {
		this.command(`write ${Buffer.from(bytes).toString('hex')}`);
	}

	resize(columns: number, rows: number): void {
		this.command(`resize ${columns} ${rows}`);
	}

	hangup(): void {
		this.command('hangup');
	}

	/** The exit, or an error when the command is still running after `timeoutMs`. */
	async exit(timeoutMs: number): Promise<PtyExit> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`still running ${timeoutMs} ms later; terminal output:\n${this.output().slice(-2000)}`)), timeoutMs);
		});
		try {
			return await Promise.race([this.exited, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** Ends the command and the harness, whatever state they are in. */
	kill(): void {
		const pid = /pid (\d+)/.exec(this.report)?.[1];
		try {
			if (pid) process.kill(Number(pid), 'SIGKILL');
		} catch {
			// Already gone.
		}

		this.harness.kill('SIGKILL');
	}

	private command(line: string): void {
		this.harness.stdin!.write(`${line}\n`);
	}
}
