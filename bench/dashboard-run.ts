import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {cpuSeconds, machineBusySeconds, statusField} from './proc-figures.js';
import {cameraOfImage, PreviewWatch} from './preview-watch.js';
import {BenchTerminal} from './terminal-watch.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
/** The setup: 6 cameras, each waking about every 10 s, in a 120x40 terminal. */
const CAMERAS = 6;
const INTERVAL_S = 10;
const COLUMNS = 120;
const ROWS = 40;
/** Watching the screen (tmux capture-pane) this often for the first frame and for new previews. */
const POLL_MS = 10;
/** The last line of a full frame. */
const FOOTER = 'q quit';

export interface Timing {
	warmUpMs: number;
	measureMs: number;
	/** How long images are watched for their previews (busy case only; after the CPU is measured, as polling costs CPU). */
	previewWatchMs: number;
}

export interface RunFigures {
	cpuPercent: number;
	bytesPerSecond: number;
	/** VmHWM at the end: the whole run, start-up included. */
	peakRssMb: number;
	threads: number;
	/** Spawn (tmux starting the program) to the footer of the first full frame on screen. */
	firstFrameMs: number;
	/** Per image seen: file written (mtime) to its picture in the camera's panel. */
	previewMs: number[];
	/** Images whose preview never changed on screen (the same picture again, or none). */
	previewsNotSeen: number;
	/** What every other process on the machine used while measuring, in % of one core. */
	othersCpuPercent: number;
}

/** Waits for a process's own pseudo-terminal pair (socat), as a relay's USB CDC port looks to the program. */
async function ptyPair(folder: string): Promise<{relay: string; host: string; socat: ChildProcess}> {
	const relay = path.join(folder, 'relay');
	const host = path.join(folder, 'host');
	const socat = spawn('socat', [`pty,raw,echo=0,link=${relay}`, `pty,raw,echo=0,link=${host}`], {stdio: 'ignore'});
	for (let waited = 0; !(existsSync(relay) && existsSync(host)); waited += 20) {
		if (waited > 5000) throw new Error('socat did not make the pseudo-terminal pair (apt-get install -y socat)');
		await delay(20);
	}

	return {relay, host, socat};
}

/**
 * One run: the built CLI's dashboard on one end of a pty pair in a real tmux
 * pane; with `busy` the `simulate` subcommand writes 6 cameras into the other
 * end, else nothing does (a relay connected but silent).
 */
export async function measureDashboard(folder: string, busy: boolean, timing: Timing): Promise<RunFigures> {
	mkdirSync(folder, {recursive: true});
	const out = path.join(folder, 'images');
	const {relay, host, socat} = await ptyPair(folder);
	const simulator = busy ? spawn(process.execPath, [CLI, 'simulate', relay, '--cameras', String(CAMERAS), '--interval', String(INTERVAL_S)], {stdio: 'ignore'}) : undefined;
	const spawnedAt = performance.now();
	const terminal = new BenchTerminal(`TERM=xterm-256color LANG=C.UTF-8 exec ${process.execPath} ${CLI} --port ${host} --out ${out}`, COLUMNS, ROWS);
	try {
		const pid = terminal.pid;
		while (!terminal.screen().includes(FOOTER)) {
			if (performance.now() - spawnedAt > 30_000) throw new Error(`no frame after 30 s:\n${terminal.screen()}`);
			await delay(POLL_MS);
		}

		const firstFrameMs = performance.now() - spawnedAt;
		const output = path.join(folder, 'terminal.out');
		terminal.record(output);
		await delay(Math.max(0, timing.warmUpMs - (performance.now() - spawnedAt)));
		const bytesBefore = existsSync(output) ? statSync(output).size : 0;
		const cpuBefore = cpuSeconds(pid);
		const machineBefore = machineBusySeconds();
		const measuredFrom = performance.now();
		await delay(timing.measureMs);
		const seconds = (performance.now() - measuredFrom) / 1000;
		const cpu = cpuSeconds(pid) - cpuBefore;
		const others = machineBusySeconds() - machineBefore - cpu;
		const bytes = (existsSync(output) ? statSync(output).size : 0) - bytesBefore;
		const previews = busy ? await watchPreviews(terminal, out, timing.previewWatchMs) : {previewMs: [], notSeen: 0};
		const figures: RunFigures = {
			cpuPercent: (cpu / seconds) * 100,
			bytesPerSecond: bytes / seconds,
			peakRssMb: statusField(pid, 'VmHWM') / 1024,
			threads: statusField(pid, 'Threads'),
			firstFrameMs,
			previewMs: previews.previewMs,
			previewsNotSeen: previews.notSeen,
			othersCpuPercent: (Math.max(0, others) / seconds) * 100,
		};
		terminal.press('q');
		for (let waited = 0; statusField(pid, 'VmHWM') > 0 && waited < 5000; waited += 100) await delay(100);
		return figures;
	} finally {
		terminal.close();
		simulator?.kill('SIGTERM');
		socat.kill('SIGTERM');
	}
}

/** For each image saved while watching: from its file's mtime to its camera's panel showing the new picture (see PreviewWatch). */
async function watchPreviews(terminal: BenchTerminal, out: string, watchMs: number): Promise<{previewMs: number[]; notSeen: number}> {
	const known = new Set(readdirSync(out));
	const watch = new PreviewWatch();
	const until = Date.now() + watchMs;
	while (Date.now() < until || watch.waiting > 0) {
		watch.sawScreen(Date.now(), terminal.screen(true));
		for (const name of readdirSync(out)) {
			if (known.has(name)) continue;
			known.add(name);
			if (Date.now() < until && cameraOfImage(name) !== undefined) watch.sawImage(name, statSync(path.join(out, name)).mtimeMs);
		}

		await delay(POLL_MS);
	}

	return {previewMs: watch.previewMs, notSeen: watch.notSeen};
}
