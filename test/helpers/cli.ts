import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {fileURLToPath} from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Runs the built CLI to its end (stdout is a pipe, so it is headless). */
export async function runCli(args: string[], options: {input?: Buffer; cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number} = {}): Promise<CliResult> {
	const child = startCli(args, options);
	if (options.input) child.process.stdin!.end(options.input);
	else child.process.stdin!.end();
	return child.done(options.timeoutMs ?? 30_000);
}

export interface RunningCli {
	process: ChildProcess;
	stdout(): string;
	stderr(): string;
	/** Resolves once stdout has a line matching `pattern`. */
	waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
	done(timeoutMs?: number): Promise<CliResult>;
}

export function startCli(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): RunningCli {
	const child = spawn(process.execPath, [CLI, ...args], {
		cwd: options.cwd,
		env: {...process.env, NO_COLOR: '1', ...options.env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	const waiters: {pattern: RegExp; resolve: (line: string) => void}[] = [];
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	child.stdout.on('data', (text: string) => {
		stdout += text;
		for (const waiter of [...waiters]) {
			const line = stdout.split('\n').find(candidate => waiter.pattern.test(candidate));
			if (line !== undefined) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(line);
			}
		}
	});
	child.stderr.on('data', (text: string) => {
		stderr += text;
	});
	const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

	return {
		process: child,
		stdout: () => stdout,
		stderr: () => stderr,
		async waitFor(pattern, timeoutMs = 20_000) {
			const existing = stdout.split('\n').find(line => pattern.test(line));
			if (existing !== undefined) return existing;
			return new Promise<string>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
				waiters.push({
					pattern,
					resolve(line) {
						clearTimeout(timer);
						resolve(line);
					},
				});
			});
		},
		async done(timeoutMs = 30_000) {
			const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
			const [code, signal] = await exited;
			clearTimeout(timer);
			return {code, signal, stdout, stderr};
		},
	};
}

/** JSON lines of `--json` output. */
export function jsonEvents(stdout: string): Record<string, unknown>[] {
	return stdout
		.split('\n')
		.filter(line => line.startsWith('{'))
		.map(line => JSON.parse(line) as Record<string, unknown>);
}

/** Waits until a `--json` run has saved `count` images good (each one an `image` event with a path). */
export async function waitForSaved(monitor: RunningCli, count: number, timeoutMs = 30_000): Promise<void> {
	for (let waited = 0; ; waited += 50) {
		const saved = jsonEvents(monitor.stdout()).filter(event => event.event === 'image' && event.outcome !== 'incomplete' && event.path);
		if (saved.length >= count) return;
		if (waited > timeoutMs) throw new Error(`${saved.length} of ${count} images saved; stdout:\n${monitor.stdout()}\nstderr:\n${monitor.stderr()}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}
