import {readdir, readFile, readlink, realpath, stat} from 'node:fs/promises';
import {sanitizeDeviceText} from '../protocol/sanitize-text.js';

/** Another process that has the relay's port open: it takes bytes meant for us. */
export interface PortHolder {
	pid: number;
	/** Its /proc/[pid]/comm, sanitised (a process names itself). */
	program: string;
}

/** Bounds on the work of one scan, whatever /proc holds. */
const MAX_PROCESSES = 4096;
const MAX_FDS_PER_PROCESS = 1024;
const MAX_PROGRAM_CHARACTERS = 32;

/**
 * The other processes that have `device` open, found in /proc/[pid]/fd: the
 * links that name its real path, or another node of the same device.
 * Processes whose fds we may not read (another user's, as non-root) are not
 * seen. Empty where there is no /proc (macOS) or the device is gone.
 */
export async function findPortHolders(device: string, procRoot = '/proc'): Promise<PortHolder[]> {
	const target = await realpath(device).catch(() => undefined);
	const rdev = target === undefined ? undefined : (await stat(target).catch(() => undefined))?.rdev;
	if (target === undefined || !rdev) return [];
	const entries = await readdir(procRoot).catch(() => [] as string[]);
	const holders: PortHolder[] = [];
	let scanned = 0;
	for (const entry of entries) {
		const pid = Number(entry);
		if (!Number.isInteger(pid) || pid === process.pid) continue;
		if (++scanned > MAX_PROCESSES) break;
		if (await holds(`${procRoot}/${entry}/fd`, target, rdev)) holders.push({pid, program: await programOf(`${procRoot}/${entry}`)});
	}

	return holders;
}

async function holds(fdFolder: string, target: string, rdev: number): Promise<boolean> {
	const fds = await readdir(fdFolder).catch(() => [] as string[]);
	let holdsTarget = false;
	let holdsPtyMaster = false;
	for (const fd of fds.slice(0, MAX_FDS_PER_PROCESS)) {
		const link = await readlink(`${fdFolder}/${fd}`).catch(() => '');
		if (link === '/dev/ptmx' || link === '/dev/pts/ptmx') holdsPtyMaster = true;
		else if (link === target) holdsTarget = true;
		// The same device under another name (a second node, another /dev view): costs a stat, only for device links.
		else if (link.startsWith('/dev/') && link !== '/dev/null' && (await stat(link).catch(() => undefined))?.rdev === rdev) holdsTarget = true;
	}

	// A pseudo-terminal's maker (socat linking two, as for `simulate`) keeps its slave open
	// without reading it: it is the device's side, not a rival.
	return holdsTarget && !(holdsPtyMaster && target.startsWith('/dev/pts/'));
}

async function programOf(processFolder: string): Promise<string> {
	const comm = await readFile(`${processFolder}/comm`, 'utf8').catch(() => '');
	return sanitizeDeviceText(comm.slice(0, MAX_PROGRAM_CHARACTERS)).trim() || 'a process';
}

/** `cat (pid 1234), minicom (pid 99)`. */
export function describeHolders(holders: readonly PortHolder[]): string {
	return holders.map(holder => `${holder.program} (pid ${holder.pid})`).join(', ');
}
