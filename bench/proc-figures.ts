import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim());

/** Seconds of CPU a process used so far: utime + stime of /proc/<pid>/stat, every thread included. */
export function cpuSeconds(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	// utime and stime are fields 14 and 15 of stat; after "pid (comm) " they are the 12th and 13th.
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Seconds of CPU the whole machine spent busy so far (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
	const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
	// user nice system idle iowait irq softirq steal: all but idle and iowait are work.
	const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
	return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / CLOCK_TICKS;
}

/** A figure of /proc/<pid>/status in kB (VmHWM, VmRSS) or a count (Threads); 0 once the process is gone. */
export function statusField(pid: number, name: string): number {
	try {
		const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return Number(match?.[1] ?? 0);
	} catch {
		return 0;
	}
}
