import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {once} from 'node:events';

/** A program this tool runs, and the Debian package that has it. */
const NEEDED = {Xvfb: 'xvfb', xterm: 'xterm', xwd: 'x11-apps', xdotool: 'xdotool', pngquant: 'pngquant', 'fc-match': 'fontconfig'} as const;

/** Fails, naming what to install, when a program the tool runs is missing. */
export function checkTools(): void {
	const missing = Object.entries(NEEDED).filter(([program]) => !onPath(program));
	if (missing.length > 0) {
		const packages = [...new Set(missing.map(([, debianPackage]) => debianPackage))].join(' ');
		throw new Error(`missing ${missing.map(([program]) => program).join(', ')}: apt-get install ${packages} fonts-dejavu-core`);
	}

	// Without the font xterm quietly takes another, whose blocks may leave seams.
	const family = execFileSync('fc-match', ['--format=%{family}', 'DejaVu Sans Mono']).toString();
	if (!family.includes('DejaVu Sans Mono')) throw new Error(`no DejaVu Sans Mono (fc-match gives ${family}): apt-get install fonts-dejavu-core`);
}

function onPath(program: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${program}`], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

export interface VirtualDisplay {
	/** The value for DISPLAY, e.g. `:3`. */
	display: string;
	stop(): Promise<void>;
}

/** Starts Xvfb on a free display number (it picks one and tells us through -displayfd). */
export async function startXvfb(width: number, height: number): Promise<VirtualDisplay> {
	const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-dpi', '100', '-nolisten', 'tcp'], {
		stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
	});
	let errors = '';
	server.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
	const displayPipe = server.stdio[3] as NodeJS.ReadableStream;
	const number = await new Promise<string>((resolve, reject) => {
		let text = '';
		displayPipe.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			if (text.includes('\n')) resolve(text.trim());
		});
		server.once('exit', code => reject(new Error(`Xvfb exited (${code}): ${errors.trim()}`)));
		server.once('error', reject);
	});
	return {display: `:${number}`, stop: () => stopChild(server)};
}

/** Ends a child this tool started (by its own process), and waits for it. */
export async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = once(child, 'exit');
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(timer);
}

/** Runs an X client to its end and gives back its stdout. */
export function runX(display: string, program: string, args: string[]): Buffer {
	// A bound on every wait (xdotool search --sync waits for ever for an xterm that failed to start).
	return execFileSync(program, args, {env: {...process.env, DISPLAY: display}, maxBuffer: 64 * 1024 * 1024, timeout: 30_000});
}
