import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {closeSync, existsSync, openSync, writeSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

export interface PtyPair {
	/** The relay's end: the simulator (or a test) writes here. */
	relay: string;
	/** The host's end: esp-cam-monitor reads here. */
	host: string;
	close(): Promise<void>;
}

/**
 * A real pseudo-terminal pair, linked by socat: bytes written to one end come
 * out of the other, like a USB CDC port. socat must be installed (.ci/run does);
 * without it the test fails, it is not skipped.
 */
export async function openPtyPair(folder: string, name = 'tty'): Promise<PtyPair> {
	if (spawnSync('socat', ['-V'], {stdio: 'ignore'}).error) {
		throw new Error('socat is needed for the pseudo-terminal tests: apt-get install -y socat');
	}

	const relay = path.join(folder, `${name}-relay`);
	const host = path.join(folder, `${name}-host`);
	const socat: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${relay}`, `pty,raw,echo=0,link=${host}`], {stdio: 'ignore'});
	for (let waited = 0; !(existsSync(relay) && existsSync(host)); waited += 20) {
		if (waited > 5000 || socat.exitCode !== null) throw new Error('socat did not create the pseudo-terminal pair');
		await delay(20);
	}

	return {
		relay,
		host,
		async close() {
			if (socat.exitCode !== null) return;
			const exited = new Promise(resolve => socat.once('exit', resolve));
			socat.kill('SIGTERM');
			await exited;
		},
	};
}

/** Writes bytes to the relay end of a pty pair, as the relay would, in one write. */
export function writeToDevice(device: string, bytes: Uint8Array | string): void {
	const fd = openSync(device, 'w');
	try {
		writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
	} finally {
		closeSync(fd);
	}
}
