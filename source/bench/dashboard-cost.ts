/**
 * `npm run bench:dashboard`: what the dashboard costs, measured as a user
 * would meet it — the built CLI with 6 demo cameras, previews on, in a real
 * 120x40 terminal (tmux) — over 15 s of steady state: CPU of one core,
 * bytes written to the terminal per second, peak RSS. Then the same with no
 * data at all (a port that does not exist). Needs tmux.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const WARM_UP_MS = 12_000;
const MEASURE_MS = 15_000;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim());

interface Cost {
	cpuPercent: number;
	bytesPerSecond: number;
	peakRssMb: number;
}

function cpuTicks(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	// utime and stime are fields 14 and 15 of stat; after "pid (comm) " they are 12th and 13th.
	return Number(fields[11]) + Number(fields[12]);
}

function peakRssMb(pid: number): number {
	const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return Number(match?.[1] ?? 0) / 1024;
}

async function measure(label: string, args: string[], work: string): Promise<Cost> {
	const socket = `esp-cam-bench-${process.pid}`;
	const tmux = (...tmuxArgs: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...tmuxArgs], {encoding: 'utf8'});
	const output = path.join(work, `${label}.out`);
	const command = `exec ${process.execPath} ${CLI} ${args.join(' ')}`;
	tmux('new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40', `TERM=xterm-256color ${command}`);
	try {
		tmux('pipe-pane', '-t', 'bench', '-o', `cat >> ${output}`);
		const pid = Number(tmux('display-message', '-p', '-t', 'bench', '#{pane_pid}').trim());
		await delay(WARM_UP_MS);
		const bytesBefore = statSync(output).size;
		const ticksBefore = cpuTicks(pid);
		await delay(MEASURE_MS);
		const ticks = cpuTicks(pid) - ticksBefore;
		const bytes = statSync(output).size - bytesBefore;
		const cost = {
			cpuPercent: (ticks / CLOCK_TICKS / (MEASURE_MS / 1000)) * 100,
			bytesPerSecond: bytes / (MEASURE_MS / 1000),
			peakRssMb: peakRssMb(pid),
		};
		tmux('send-keys', '-t', 'bench', 'q');
		await delay(2000);
		return cost;
	} finally {
		spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
	}
}

async function main(): Promise<void> {
	if (spawnSync('tmux', ['-V']).error) throw new Error('tmux is needed: apt-get install -y tmux');
	const work = mkdtempSync(path.join(tmpdir(), 'esp-cam-dashboard-bench-'));
	try {
		console.log(`dashboard cost, 120x40 terminal (tmux), ${WARM_UP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured`);
		const busy = await measure('demo', ['--demo', '--demo-cameras', '6', '--out', path.join(work, 'images')], work);
		console.log(
			`  6 demo cameras, previews on: CPU ${busy.cpuPercent.toFixed(1)}% of one core, ` +
				`terminal output ${(busy.bytesPerSecond / 1024).toFixed(1)} KiB/s, peak RSS ${busy.peakRssMb.toFixed(0)} MB`,
		);
		const idle = await measure('idle', ['--port', path.join(work, 'no-such-port'), '--out', path.join(work, 'idle')], work);
		console.log(
			`  idle, no data:              CPU ${idle.cpuPercent.toFixed(1)}% of one core, ` +
				`terminal output ${(idle.bytesPerSecond / 1024).toFixed(1)} KiB/s, peak RSS ${idle.peakRssMb.toFixed(0)} MB`,
		);
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

await main();
