/**
 * `npm run bench:dashboard [-- --runs N]`: what the dashboard costs, measured
 * as issue 14 sets it up — a relay simulated outside the program (the built
 * CLI's `simulate`, 6 cameras each waking about every 10 s) writing into one
 * end of a socat pty pair, the dashboard reading the other end in a real
 * 120x40 terminal (tmux), previews on — and the same with the relay connected
 * but silent (nothing written to the pair). Needs tmux and socat.
 *
 * Figures: CPU of the whole process (all threads, /proc/<pid>/stat) over the
 * measured window after a warm-up; peak RSS (VmHWM, start-up included);
 * bytes/s to the terminal (tmux pipe-pane); spawn to the first full frame
 * (capture-pane polled every 10 ms until the footer shows: the frame's last
 * line; tmux starting is included, ~10 ms); image saved (file mtime) to its
 * picture in the camera's panel (capture-pane every 10 ms, after the CPU window
 * as polling costs CPU).
 *
 * Other processes on the machine raise the CPU and time figures; they hardly
 * change memory. Each case runs several times: best, median and worst, with
 * the CPU every other process used meanwhile (from /proc/stat).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import {parseArgs} from 'node:util';
import {measureDashboard, type RunFigures, type Timing} from './dashboard-run.js';

const TIMING: Timing = {warmUpMs: 10_000, measureMs: 30_000, previewWatchMs: 30_000};

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One table row: best, median and worst of a figure (lower is better for all of them). */
function row(name: string, values: number[], format: (value: number) => string): string {
	if (values.length === 0) return `| ${name} | – | – | – |`;
	const sorted = [...values].sort((a, b) => a - b);
	return `| ${name} | ${format(sorted[0]!)} | ${format(median(values))} | ${format(sorted.at(-1)!)} |`;
}

const percent = (value: number) => `${value.toFixed(1)}%`;
const kib = (value: number) => `${(value / 1024).toFixed(1)} KiB/s`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

function table(title: string, runs: RunFigures[], busy: boolean): string[] {
	const previews = runs.flatMap(run => run.previewMs);
	const notSeen = runs.reduce((sum, run) => sum + run.previewsNotSeen, 0);
	return [
		`| ${title} | best | median | worst |`,
		'|---|---|---|---|',
		row(
			'CPU, whole process, % of one core',
			runs.map(run => run.cpuPercent),
			percent,
		),
		row(
			'peak RSS (VmHWM)',
			runs.map(run => run.peakRssMb),
			mb,
		),
		row(
			'spawn to first full frame',
			runs.map(run => run.firstFrameMs),
			ms,
		),
		...(busy ? [row(`image saved to its preview (${previews.length} images, ${notSeen} not seen)`, previews, ms)] : []),
		row(
			'bytes to the terminal',
			runs.map(run => run.bytesPerSecond),
			kib,
		),
		row(
			'threads',
			runs.map(run => run.threads),
			String,
		),
		row(
			'other processes, % of one core',
			runs.map(run => run.othersCpuPercent),
			percent,
		),
	];
}

async function main(): Promise<void> {
	const {values} = parseArgs({options: {runs: {type: 'string', default: '3'}}});
	const runs = Number(values.runs);
	if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs wants a whole number of at least 1');
	for (const tool of ['tmux', 'socat']) {
		if (spawnSync(tool, ['-V'], {stdio: 'ignore'}).error) throw new Error(`${tool} is needed: apt-get install -y ${tool}`);
	}

	const work = mkdtempSync(path.join(os.tmpdir(), 'esp-cam-dashboard-bench-'));
	const loads: number[] = [];
	const busy: RunFigures[] = [];
	const idle: RunFigures[] = [];
	try {
		console.log(
			`dashboard cost: ${runs} run(s) of each case, 120x40 tmux, ${TIMING.warmUpMs / 1000} s warm-up, CPU over ${TIMING.measureMs / 1000} s, ` +
				`previews watched ${TIMING.previewWatchMs / 1000} s; node ${process.version}, ${os.cpus().length} cores`,
		);
		for (let run = 1; run <= runs; run++) {
			loads.push(os.loadavg()[0]!);
			const sending = await measureDashboard(path.join(work, `busy-${run}`), true, TIMING);
			const silent = await measureDashboard(path.join(work, `idle-${run}`), false, TIMING);
			busy.push(sending);
			idle.push(silent);
			console.log(
				`  run ${run}: 6 cameras ${percent(sending.cpuPercent)}, peak ${mb(sending.peakRssMb)}, first frame ${ms(sending.firstFrameMs)}, ` +
					`previews ${sending.previewMs.map(ms).join(' ') || 'none'}; silent ${percent(silent.cpuPercent)}, peak ${mb(silent.peakRssMb)} ` +
					`(others ${percent(sending.othersCpuPercent)} / ${percent(silent.othersCpuPercent)})`,
			);
		}

		loads.push(os.loadavg()[0]!);
		console.log('');
		for (const line of table('6 cameras (simulate over a pty), previews on', busy, true)) console.log(line);
		console.log('');
		for (const line of table('relay connected, silent', idle, false)) console.log(line);
		console.log('');
		const others = [...busy, ...idle].map(run => run.othersCpuPercent);
		console.log(
			`load average (1 min) during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores; ` +
				`other processes used ${Math.min(...others).toFixed(0)}–${Math.max(...others).toFixed(0)}% of one core while measured` +
				(Math.max(...others) > 10 ? ' — a shared machine: CPU and time figures are higher than on a quiet one, memory hardly affected' : ''),
		);
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

await main();
