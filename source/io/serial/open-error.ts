import {readlink, stat} from 'node:fs/promises';
import path from 'node:path';
import {FatalError} from '../../runtime/fatal-error.js';

/** Serial open failures, in plain words with what to do about them. */
export interface OpenFailure {
	kind: 'not-found' | 'permission' | 'busy' | 'not-serial' | 'other';
	message: string;
}

const WHAT_TO_GIVE = "give the relay's device (ls /dev/ttyACM* /dev/serial/by-id/), or --replay <file> for a recorded stream";

export function describeOpenError(portPath: string, error: Error): OpenFailure {
	const text = error.message;
	if (/no such file|ENOENT|not found|No such device/i.test(text)) {
		return {kind: 'not-found', message: `not found, waiting for it (is the relay plugged in?)`};
	}

	if (/permission denied|EACCES|access denied/i.test(text)) {
		return {
			kind: 'permission',
			message: 'permission denied: add yourself to the dialout group ' + '(sudo usermod -aG dialout $USER, then log out and in) or add a udev rule for 303a:1001',
		};
	}

	if (/cannot lock|resource temporarily unavailable|busy|EBUSY/i.test(text)) {
		return {
			kind: 'busy',
			message: 'busy: another program holds the port (a serial monitor, screen, minicom, ModemManager?)',
		};
	}

	// ENOTTY: the terminal settings a serial port takes were refused ("Inappropriate ioctl for device").
	if (/inappropriate ioctl|ENOTTY|is a directory|EISDIR/i.test(text)) {
		return {kind: 'not-serial', message: `not a serial port: ${WHAT_TO_GIVE}`};
	}

	return {kind: 'other', message: `cannot open ${portPath}: ${text}`};
}

/**
 * `--port` given a path that exists but can never be a relay (a regular file,
 * a folder, /dev/null): a FatalError naming it, at once. A missing path is
 * fine: the relay may be plugged in later. A character device the system does
 * not describe (a pseudo-terminal) is left for the serial port to try.
 */
export async function refuseNonSerialPort(portPath: string): Promise<void> {
	const what = await notASerialPort(portPath);
	if (what) throw new FatalError(`--port ${portPath} is not a serial port (it is ${what}): ${WHAT_TO_GIVE}`);
}

/** What the path is, when it is surely not a serial port; undefined if it may be one or does not exist. */
export async function notASerialPort(portPath: string): Promise<string | undefined> {
	const info = await stat(portPath, {bigint: true}).catch(() => undefined);
	if (!info) return undefined;
	if (info.isFile()) return 'a regular file';
	if (info.isDirectory()) return 'a folder';
	if (info.isFIFO()) return 'a named pipe';
	if (info.isSocket()) return 'a socket';
	if (info.isBlockDevice()) return 'a block device';
	if (!info.isCharacterDevice()) return undefined;
	const deviceClass = await characterDeviceClass(info.rdev);
	return deviceClass === undefined || deviceClass === 'tty' ? undefined : `a "${deviceClass}" device, not a terminal`;
}

/** Linux's class for a character device (`tty`, `mem` for /dev/null, …); undefined where sysfs does not say. */
async function characterDeviceClass(rdev: bigint): Promise<string | undefined> {
	const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn);
	const minor = (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn);
	try {
		return path.basename(await readlink(`/sys/dev/char/${major}:${minor}/subsystem`));
	} catch {
		return undefined;
	}
}
