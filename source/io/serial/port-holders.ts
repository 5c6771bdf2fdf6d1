import {readdirSync, readFileSync, readlinkSync, statSync} from 'node:fs';
import {realpath, stat} from 'node:fs/promises';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {sanitizeDeviceText} from '../../core/protocol/sanitize-text.js';

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
/** Processes looked at between two turns of the event loop. */
const PROCESSES_PER_TURN = 16;

/**
 * The other processes that have `device` open, found in /proc/[pid]/fd: the
 * links that name its real path, or another node of the same device.
 * Processes whose fds we may not read (another user's, as non-root) are not
 * seen. Empty where there is no /proc (macOS) or the device is gone.
 *
 * Synchronous calls, a few processes at a time: less than half the CPU of
 * promises (5 to 13 ms for 170 processes on a busy x86, against 25 to 30),
 * and the event loop still turns between them.
 */
export async function findPortHolders(device: string, procRoot = '/proc'): Promise<PortHolder[]> {
	const target = await realpath(device).catch(() => undefined);
	const rdev = target === undefined ? undefined : (await stat(target).catch(() => undefined))?.rdev;
	if (target === undefined || !rdev) return [];
	const entries = readdirOrNothing(procRoot);
	const holders: PortHolder[] = [];
	let scanned = 0;
	for (const entry of entries) {
		const pid = Number(entry);
		if (!Number.isInteger(pid) || pid === process.pid) continue;
		if (++scanned > MAX_PROCESSES) break;
		if (scanned % PROCESSES_PER_TURN === 0) await nextTurn();
		if (holds(`${procRoot}/${entry}/fd`, target, rdev)) holders.push({pid, program: programOf(`${procRoot}/${entry}`)});
	}

	return holders;
}

function holds(fdFolder: string, target: string, rdev: number): boolean {
	let holdsTarget = false;
	let holdsPtyMaster = false;
	for (const fd of readdirOrNothing(fdFolder).slice(0, MAX_FDS_PER_PROCESS)) {
		const link = readlinkOrNothing(`${fdFolder}/${fd}`);
		if (link === '/dev/ptmx' || link === '/dev/pts/ptmx') holdsPtyMaster = true;
		else if (link === target) holdsTarget = true;
		// The same device under another name (a second node, another /dev view): costs a stat, only for device links.
		else if (link.startsWith('/dev/') && link !== '/dev/null' && deviceOf(link) === rdev) holdsTarget = true;
	}

	// A pseudo-terminal's maker (socat linking two, as for `simulate`) keeps its slave open
	// without reading it: it is the device's side, not a rival.
	return holdsTarget && !(holdsPtyMaster && target.startsWith('/dev/pts/'));
}

function programOf(processFolder: string): string {
	let comm = '';
	try {
		comm = readFileSync(`${processFolder}/comm`, 'utf8');
	} catch {
		// The process has ended meanwhile: it is named 'a process'.
	}

	return sanitizeDeviceText(comm.slice(0, MAX_PROGRAM_CHARACTERS)).trim() || 'a process';
}

/** A process may end, or not let us look, at any moment. */
function readdirOrNothing(folder: string): string[] {
	try {
		return readdirSync(folder);
	} catch {
		return [];
	}
}

function deviceOf(node: string): number | undefined {
	try {
		return statSync(node).rdev;
	} catch {
		return undefined;
	}
}

function readlinkOrNothing(link: string): string {
	try {
		return readlinkSync(link);
	} catch {
		return '';
	}
}

/** `cat (pid 1234), minicom (pid 99)`. */
export function describeHolders(holders: readonly PortHolder[]): string {
	return holders.map(holder => `${holder.program} (pid ${holder.pid})`).join(', ');
}
