import {existsSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {requireTool} from './require-tool.js';

const MULTIARCH = process.arch === 'arm64' ? 'aarch64-linux-gnu' : process.arch === 'arm' ? 'arm-linux-gnueabihf' : 'x86_64-linux-gnu';
const LIBFAKETIME = `/usr/lib/${MULTIARCH}/faketime/libfaketime.so.1`;

/**
 * A wall clock that a test steps while a program runs, as NTP does on a Pi
 * without a real-time clock: libfaketime moves Date.now() (and file names made
 * from it); the monotonic clock (performance.now(), timers) runs on untouched.
 * Give `env` to the program; it reads the offset afresh at each clock call.
 */
export class SteppedWallClock {
	readonly env: Record<string, string>;
	private readonly file: string;

	constructor(folder: string) {
		requireTool('faketime', 'faketime');
		if (!existsSync(LIBFAKETIME)) throw new Error(`${LIBFAKETIME} is needed for this test: apt-get install -y faketime`);
		this.file = path.join(folder, 'faketime-offset');
		this.step('+0');
		this.env = {
			LD_PRELOAD: LIBFAKETIME,
			FAKETIME_TIMESTAMP_FILE: this.file,
			FAKETIME_NO_CACHE: '1',
			FAKETIME_DONT_FAKE_MONOTONIC: '1',
		};
	}

	/** From now on the program's wall clock reads the real time plus `offset` (libfaketime's `-1h`, `+3d`, `+0`). */
	step(offset: string): void {
		// Whole or not at all: libfaketime may read the file at any moment.
		writeFileSync(`${this.file}.new`, `${offset}\n`);
		renameSync(`${this.file}.new`, this.file);
	}
}
