import {stat} from 'node:fs/promises';
import {SerialPort} from 'serialport';
import {setExclusive} from './exclusive-tty.js';
import {describeOpenError} from './open-error.js';
import {findBySerialNumber, type DeviceLister} from './port-finder.js';
import {describeHolders, findPortHolders, type PortHolder} from './port-holders.js';

/** Where a relay's port is: being opened, open, waited for (absent or held), opened again after a loss, closed at the end. */
export type PortState = 'opening' | 'connected' | 'waiting' | 'reconnecting' | 'closed';

export interface SerialConnectionOptions {
	/** A device path. */
	port: string;
	/** The device's USB serial number (found by --port auto): after an unplug it is looked for under any name. */
	serialNumber?: string;
	/** Why this port (said with `opening`). */
	reason?: string;
	baudRate: number;
	onData: (chunk: Buffer) => void;
	/** `holders`: other programs that have the port open too (said while connected, when there are any). */
	onState: (state: PortState, port: string, detail?: string, holders?: PortHolder[]) => void;
	lister?: DeviceLister;
	/** How often to check that the device node still exists. */
	watchdogMs?: number;
	/** How often to look for other programs that have the port open (a scan of /proc) just after connecting and while one has it. */
	holderCheckMs?: number;
	/** How long after connecting the port is scanned that often. */
	holderSettleMs?: number;
	/** How often after that, while bytes come. */
	steadyHolderCheckMs?: number;
	/** How often while the port is silent and no other program was seen. */
	quietHolderCheckMs?: number;
	/** Finds the other programs that have the port open (tests count the scans). */
	findHolders?: (device: string) => Promise<PortHolder[]>;
}

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 5000;
/**
 * A scan of /proc reads a link per open file of every process (~7 ms here
 * with 70 processes, tens of ms on a Pi running a hundred or more), so it is
 * done often only when a rival is likely: while another program has the
 * port (to say when it lets go) and, while bytes come, in the first 20 s
 * after connecting (ModemManager probes a new ttyACM for several seconds
 * after it appears). After that, once every 30 s while bytes come (a root
 * `cat`: the exclusive mode keeps out everyone else). While the relay is
 * silent, a program that opens the port takes nothing: once a minute, and
 * again once bytes come.
 */
const HOLDER_CHECK_MS = 5000;
const HOLDER_SETTLE_MS = 20_000;
const STEADY_HOLDER_CHECK_MS = 30_000;
const QUIET_HOLDER_CHECK_MS = 60_000;

/**
 * Keeps a serial port open: opens it, reports what happens in plain words,
 * and after an unplug finds the device again with growing pauses (0.5 s to 5 s).
 * Linux sometimes keeps a vanished USB port "open" with empty reads, so a
 * watchdog also checks that the device node still exists.
 *
 * Another program that has the port open (a stray `cat`, ModemManager
 * probing a new ttyACM) takes bytes unnoticed: it is named while it does,
 * looked for on connecting, every few seconds in the first 20 s and then
 * every 30 s while bytes come (see HOLDER_CHECK_MS). Where Linux allows,
 * the port is made exclusive once open, so that no one opens it after us.
 */
export class SerialConnection {
	private stopped = false;
	private port?: SerialPort;
	private wakeSleeper?: () => void;
	private loop?: Promise<void>;
	private lastReport = '';
	private holders: PortHolder[] = [];
	private checkingHolders = false;
	/** Bytes came since the last scan for other programs. */
	private heardSinceScan = false;
	/** When the last scan started (monotonic ms). */
	private lastScanAt = 0;
	/** When the port was last opened (monotonic ms). */
	private connectedAt = 0;
	/** The open port's fd while it is marked exclusive (to be unmarked before closing). */
	private exclusiveFd?: number;

	constructor(private readonly options: SerialConnectionOptions) {}

	start(): void {
		this.loop ??= this.run();
	}

	async stop(): Promise<void> {
		this.stopped = true;
		this.wakeSleeper?.();
		const port = this.port;
		if (port?.isOpen) await this.close(port);
		await this.loop;
	}

	private async run(): Promise<void> {
		const {serialNumber} = this.options;
		let path = this.options.port;
		this.report('opening', path, this.options.reason);

		let delay = FIRST_RETRY_MS;
		let wasConnected = false;
		while (!this.stopped) {
			if (serialNumber) path = (await findBySerialNumber(serialNumber, this.options.lister)) ?? path;
			let port: SerialPort;
			try {
				port = await this.open(path);
			} catch (error) {
				const failure = describeOpenError(path, error as Error);
				const holders = failure.kind === 'busy' ? await this.scanHolders(path) : [];
				const message = holders.length > 0 ? `busy: ${describeHolders(holders)} has it open` : failure.message;
				this.report(wasConnected ? 'reconnecting' : 'waiting', path, message);
				await this.sleep(delay);
				delay = Math.min(delay * 2, LONGEST_RETRY_MS);
				continue;
			}

			delay = FIRST_RETRY_MS;
			wasConnected = true;
			this.connectedAt = performance.now();
			this.holders = await this.scanHolders(path);
			this.reportConnected(path);
			const why = await this.untilGone(port, path);
			if (this.stopped) break;
			this.report('reconnecting', path, why);
		}

		this.report('closed', path);
	}

	private async open(path: string): Promise<SerialPort> {
		const port = new SerialPort({path, baudRate: this.options.baudRate, autoOpen: false});
		await new Promise<void>((resolve, reject) => {
			port.open(error => (error ? reject(error) : resolve()));
		});
		const fd = (port.port as {fd?: number | null} | undefined)?.fd;
		this.exclusiveFd = typeof fd === 'number' && (await setExclusive(fd, true)) ? fd : undefined;
		// The Python receiver sets DTR; pseudo-terminals and some CDC devices
		// refuse that ioctl, which is harmless.
		port.set({dtr: true}, () => undefined);
		const {onData} = this.options;
		port.on('data', (chunk: Buffer) => {
			this.heardSinceScan = true;
			onData(chunk);
		});
		this.port = port;
		return port;
	}

	/** Resolves with the reason once the port has closed, failed or vanished. */
	private async untilGone(port: SerialPort, path: string): Promise<string> {
		return new Promise<string>(resolve => {
			let settled = false;
			const finish = (why: string) => {
				if (settled) return;
				settled = true;
				clearInterval(watchdog);
				clearInterval(holderCheck);
				port.removeAllListeners('data');
				if (port.isOpen) void this.close(port).then(() => resolve(why));
				else resolve(why);
			};

			port.once('close', () => finish('port closed (unplugged?)'));
			port.on('error', (error: Error) => finish(`port error: ${error.message}`));
			const watchdog = setInterval(() => {
				if (this.stopped) finish('stopping');
				stat(path).catch(() => finish(`${path} disappeared (unplugged)`));
			}, this.options.watchdogMs ?? 1000);
			const holderCheck = setInterval(() => void this.checkHolders(path), this.options.holderCheckMs ?? HOLDER_CHECK_MS);
		});
	}

	private async close(port: SerialPort): Promise<void> {
		const fd = this.exclusiveFd;
		this.exclusiveFd = undefined;
		if (fd !== undefined) await setExclusive(fd, false);
		await new Promise<void>(resolve => port.close(() => resolve()));
	}

	private async scanHolders(path: string): Promise<PortHolder[]> {
		this.heardSinceScan = false;
		this.lastScanAt = performance.now();
		return (this.options.findHolders ?? findPortHolders)(path);
	}

	/** Says when another program opened the port, or let it go; one scan at a time, seldom while all is quiet. */
	private async checkHolders(path: string): Promise<void> {
		if (this.checkingHolders) return;
		if (performance.now() - this.lastScanAt < this.holderScanPause()) return;
		this.checkingHolders = true;
		try {
			const holders = await this.scanHolders(path);
			if (this.stopped || !this.port?.isOpen) return;
			const gone = this.holders.filter(before => !holders.some(now => now.pid === before.pid));
			if (gone.length === 0 && holders.length === this.holders.length) return;
			this.holders = holders;
			this.reportConnected(path, gone);
		} finally {
			this.checkingHolders = false;
		}
	}

	/** How long to wait between two scans now (the check itself runs every holderCheckMs). */
	private holderScanPause(): number {
		if (this.holders.length > 0) return 0;
		if (!this.heardSinceScan) return this.options.quietHolderCheckMs ?? QUIET_HOLDER_CHECK_MS;
		const settling = performance.now() - this.connectedAt < (this.options.holderSettleMs ?? HOLDER_SETTLE_MS);
		return settling ? 0 : (this.options.steadyHolderCheckMs ?? STEADY_HOLDER_CHECK_MS);
	}

	private reportConnected(path: string, gone: PortHolder[] = []): void {
		const holders = this.holders;
		const shared = holders.length > 0 ? `; also open in ${describeHolders(holders)}, which may take bytes meant for us` : '';
		const left = gone.length > 0 ? `; ${describeHolders(gone)} no longer has it open` : '';
		this.report('connected', path, `${this.options.baudRate} baud${shared}${left}`, holders.length > 0 ? holders : undefined);
	}

	private async sleep(ms: number): Promise<void> {
		if (this.stopped) return;
		await new Promise<void>(resolve => {
			const timer = setTimeout(resolve, ms);
			this.wakeSleeper = () => {
				clearTimeout(timer);
				resolve();
			};
		});
	}

	/** Says a state once; the same words again are not repeated on every retry. */
	private report(state: PortState, path: string, detail?: string, holders?: PortHolder[]): void {
		const key = `${state}|${path}|${detail ?? ''}`;
		if (key === this.lastReport) return;
		this.lastReport = key;
		this.options.onState(state, path, detail, holders);
	}
}
