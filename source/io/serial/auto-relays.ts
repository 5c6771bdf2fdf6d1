import {stat} from 'node:fs/promises';
import {FALLBACK_PORT, isEspressif, listSerialDevices, newRelays, relayKey, type DeviceLister, type PortChoice} from './port-finder.js';

export interface AutoRelaysOptions {
	/** A relay not followed yet: follow it (by its serial number, if it has one). Called once per relay. */
	onRelay: (choice: PortChoice) => void;
	/** Said (once per change of words) while no relay has been found yet. */
	onWaiting: (detail: string) => void;
	lister?: DeviceLister;
	/** How often to look for relays plugged in. */
	scanMs?: number;
	/** Whether a device node exists (for the /dev/ttyACM0 fallback). */
	exists?: (path: string) => Promise<boolean>;
}

export const AUTO_SCAN_MS = 2000;

/**
 * `--port auto`: looks for Espressif relays (USB vendor 303a) every couple of
 * seconds and hands each new one over once, keyed by its USB serial number
 * (the follower finds it again after an unplug, under whatever name it comes
 * back). While none has been found it also takes /dev/ttyACM0 if that appears
 * and is not known to be some other maker's device (a container without /sys
 * cannot say), as a single-relay monitor always did.
 */
export class AutoRelays {
	private readonly taken = new Set<string>();
	private timer?: NodeJS.Timeout;
	private scanning?: Promise<void>;
	private stopped = false;
	private lastWaiting = '';

	constructor(private readonly options: AutoRelaysOptions) {}

	start(): void {
		void this.scan();
		this.timer = setInterval(() => void this.scan(), this.options.scanMs ?? AUTO_SCAN_MS);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		clearInterval(this.timer);
		await this.scanning;
	}

	/** One look; overlapping looks (a slow /sys) are skipped. */
	private async scan(): Promise<void> {
		if (this.scanning || this.stopped) return;
		this.scanning = this.look().finally(() => {
			this.scanning = undefined;
		});
		await this.scanning;
	}

	private async look(): Promise<void> {
		let devices: Awaited<ReturnType<DeviceLister>> = [];
		let problem: string | undefined;
		try {
			devices = await (this.options.lister ?? listSerialDevices)();
		} catch (error) {
			problem = `cannot list serial ports (${(error as Error).message}); waiting for ${FALLBACK_PORT}`;
		}

		if (this.stopped) return;
		for (const choice of newRelays(devices, this.taken)) this.take(choice, relayKey(choice));
		if (this.taken.size > 0) return;
		const fallback = devices.find(device => device.path === FALLBACK_PORT);
		const otherMaker = fallback?.vendorId !== undefined && !isEspressif(fallback);
		if (!otherMaker && (await (this.options.exists ?? exists)(FALLBACK_PORT)) && !this.stopped) {
			this.take({path: FALLBACK_PORT, reason: `auto: no Espressif relay listed; ${FALLBACK_PORT} is there`}, `path ${FALLBACK_PORT}`);
			return;
		}

		const every = Math.round((this.options.scanMs ?? AUTO_SCAN_MS) / 1000);
		this.waiting(problem ?? `no Espressif relay (USB 303a) plugged in yet; looking every ${every} s`);
	}

	private take(choice: PortChoice, key: string): void {
		this.taken.add(key);
		this.options.onRelay(choice);
	}

	private waiting(detail: string): void {
		if (detail === this.lastWaiting) return;
		this.lastWaiting = detail;
		this.options.onWaiting(detail);
	}
}

async function exists(path: string): Promise<boolean> {
	try {
		await stat(path);
		return true;
	} catch {
		return false;
	}
}
