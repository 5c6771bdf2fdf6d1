/**
 * `npm run bench:dashboard [-- --runs N]`: what the dashboard costs, measured
 * as a user would meet it — the built CLI with 6 demo cameras, previews on,
 * in a real 120x40 terminal (tmux) — over 15 s of steady state: CPU of one
 * core, bytes written to the terminal per second, peak RSS. Then the same
 * with no data at all (a port that does not exist). Needs tmux.
 *
 * Other processes on the machine raise the program's CPU figures (shared
 * caches and cores, slower renders); they hardly change its memory. Each case
 * is therefore run several times and reported as best, median and worst (the
 * best is the fairest CPU figure on a shared machine), with the CPU every
 * other process used meanwhile (from /proc/stat), so a reader can tell.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const WARM_UP_MS = 12_000;
const MEASURE_MS = 15_000;
const SAMPLE_MS = 250;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim());

interface Cost {
	cpuPercent: number;
	bytesPerSecond: number;
	/** VmHWM at the end: the whole run, start-up included. */
	peakRssMb: number;
	/** The largest VmRSS seen while measuring: the steady state only. */
	steadyRssMb: number;
	threads: number;
	/** What every other process on the machine used while measuring, in % of one core. */
	othersCpuPercent: number;
}

/** CPU time the whole machine spent busy (all cores), in clock ticks. */
function machineBusyTicks(): number {
	const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
	// user nice system idle iowait irq softirq steal: all but idle and iowait are work.
	const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
	return user! + nice! + system! + irq! + softirq! + (steal ?? 0);
}

function cpuTicks(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	// utime and stime are fields 14 and 15 of stat; after "pid (comm) " they are 12th and 13th. Threads included.
	return Number(fields[11]) + Number(fields[12]);
}

function statusField(pid: number, name: string): number {
	const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return Number(match?.[1] ?? 0);
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
		const machineBefore = machineBusyTicks();
		let steadyRssKb = 0;
		for (let waited = 0; waited < MEASURE_MS; waited += SAMPLE_MS) {
			steadyRssKb = Math.max(steadyRssKb, statusField(pid, 'VmRSS'));
			await delay(SAMPLE_MS);
		}

		const ticks = cpuTicks(pid) - ticksBefore;
		const othersTicks = machineBusyTicks() - machineBefore - ticks;
		const bytes = statSync(output).size - bytesBefore;
		const cost = {
			cpuPercent: (ticks / CLOCK_TICKS / (MEASURE_MS / 1000)) * 100,
			bytesPerSecond: bytes / (MEASURE_MS / 1000),
			peakRssMb: statusField(pid, 'VmHWM') / 1024,
			steadyRssMb: Math.max(steadyRssKb, statusField(pid, 'VmRSS')) / 1024,
			threads: statusField(pid, 'Threads'),
			othersCpuPercent: (Math.max(0, othersTicks) / CLOCK_TICKS / (MEASURE_MS / 1000)) * 100,
		};
		tmux('send-keys', '-t', 'bench', 'q');
		await delay(2000);
		return cost;
	} finally {
		spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One table row: best, median and worst of a figure over the runs (lower is better for all of them). */
function row(name: string, values: number[], format: (value: number) => string): string {
	const sorted = [...values].sort((a, b) => a - b);
	return `| ${name} | ${format(sorted[0]!)} | ${format(median(values))} | ${format(sorted.at(-1)!)} |`;
}

function table(title: string, costs: Cost[]): string[] {
	const percent = (value: number) => `${value.toFixed(1)}%`;
	const kib = (value: number) => `${(value / 1024).toFixed(1)} KiB/s`;
	const mb = (value: number) => `${value.toFixed(0)} MB`;
	return [
		`| ${title} | best | median | worst |`,
		'|---|---|---|---|',
		row('CPU of one core', costs.map(cost => cost.cpuPercent), percent),
		row('terminal output', costs.map(cost => cost.bytesPerSecond), kib),
		row('peak RSS (VmHWM, start-up included)', costs.map(cost => cost.peakRssMb), mb),
		row('largest RSS while measured', costs.map(cost => cost.steadyRssMb), mb),
		row('threads', costs.map(cost => cost.threads), String),
		row('other processes, CPU of one core', costs.map(cost => cost.othersCpuPercent), percent),
	];
}

async function main(): Promise<void> {
	const {values} = parseArgs({options: {runs: {type: 'string', default: '3'}}});
	const runs = Number(values.runs);
	if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs wants a whole number of at least 1');
	if (spawnSync('tmux', ['-V']).error) throw new Error('tmux is needed: apt-get install -y tmux');
	const work = mkdtempSync(path.join(os.tmpdir(), 'esp-cam-dashboard-bench-'));
	const loads: number[] = [];
	try {
		console.log(
			`dashboard cost: ${runs} run(s) of each case, 120x40 terminal (tmux), ${WARM_UP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured; ` +
				`node ${process.version}, ${os.cpus().length} cores`,
		);
		const busy: Cost[] = [];
		const idle: Cost[] = [];
		for (let run = 1; run <= runs; run++) {
			loads.push(os.loadavg()[0]!);
			busy.push(await measure(`demo-${run}`, ['--demo', '--demo-cameras', '6', '--out', path.join(work, `images-${run}`)], work));
			idle.push(await measure(`idle-${run}`, ['--port', path.join(work, 'no-such-port'), '--out', path.join(work, `idle-${run}`)], work));
			const last = busy.at(-1)!;
			console.log(
				`  run ${run}: 6 cameras ${last.cpuPercent.toFixed(1)}% CPU, ${(last.bytesPerSecond / 1024).toFixed(1)} KiB/s, peak ${last.peakRssMb.toFixed(0)} MB ` +
					`(others ${last.othersCpuPercent.toFixed(0)}%); idle ${idle.at(-1)!.cpuPercent.toFixed(1)}% CPU, peak ${idle.at(-1)!.peakRssMb.toFixed(0)} MB ` +
					`(others ${idle.at(-1)!.othersCpuPercent.toFixed(0)}%)`,
			);
		}

		loads.push(os.loadavg()[0]!);
		console.log('');
		for (const line of table('6 demo cameras, previews on', busy)) console.log(line);
		console.log('');
		for (const line of table('idle, no data', idle)) console.log(line);
		console.log('');
		const cores = os.cpus().length;
		const others = [...busy, ...idle].map(cost => cost.othersCpuPercent);
		const shared = Math.max(...others) > 10;
		console.log(
			`load average (1 min) during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${cores} cores; ` +
				`other processes used ${Math.min(...others).toFixed(0)}–${Math.max(...others).toFixed(0)}% of one core while measured` +
				(shared ? ' — the machine was shared: CPU figures are higher than on a quiet one, memory figures hardly affected' : ''),
		);
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

await main();
