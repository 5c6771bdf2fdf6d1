import {systemClock, wallOffset, type Clock} from '../runtime/clock.js';
import {CameraHealth, type HealthChange} from '../core/health/camera-health.js';
import {feedHealth} from './feed-health.js';
import {FatalError} from '../runtime/fatal-error.js';
import {Pipeline} from './pipeline.js';
import type {SessionEvent, SessionListener} from './session-events.js';
import {MAX_RELAYS} from '../core/reassembly/reassembler.js';
import type {PortChoice} from '../io/serial/port-finder.js';
import {recordFileFor, recordFilesFor, relayFileLabel} from '../io/recording/record-names.js';
import {Recorder, type RecordLimit} from '../io/recording/recorder.js';
import {replay} from './replay-source.js';
import type {SerialConnection} from '../io/serial/serial-connection.js';

export interface SessionSettings {
	/** The first (often the only) port, as given: a device path or `auto`. */
	port: string;
	/** Every --port given, in order (`port` is the first); absent means just `port`. */
	ports?: readonly string[];
	baud: number;
	out: string;
	imageTimeoutMs: number;
	/** --record: with several ports each records to its own file (see recordFilesFor). */
	record?: string;
	/** --record-max-size, --record-files: absent, a record file grows without bound. */
	recordLimit?: RecordLimit;
	replay?: string;
	debug: boolean;
	demo: boolean;
	demoCameras: number;
	/** `--unverified apart`: unverified images go to `<out>/unverified/`. */
	unverifiedApart?: boolean;
	/** Names for MACs (--cameras): these cameras are real from their first frame. */
	names?: ReadonlyMap<number, string>;
	/** Intervals between wakes from the cameras file (ms): overdue after 3 of them. */
	cameraIntervals?: ReadonlyMap<number, number>;
	/** `--battery-low`: a battery at or below this percent is flagged. */
	batteryLowPercent?: number;
}

/**
 * Stops work on the output folder that lasts as long as the session (retention):
 * with `abandon` (after a signal) cut short, else finished.
 */
export type StopFolderWork = (options: {abandon: boolean}) => Promise<void>;

const TICK_MS = 250;

/**
 * One run of the receive pipeline with its input — a serial port, a replay
 * or the demo relay — plus the record file and the timer. Headless mode and
 * the dashboard both run exactly this.
 */
export class Session {
	/** Resolves when the input ends by itself (a replay) or after stop(); rejects with a FatalError. */
	readonly finished: Promise<void>;
	private readonly stopping = new AbortController();
	private closed?: Promise<void>;
	/** Whether the input can bring frames now: time without it (the relay unplugged) is no camera's silence. */
	private listening = false;
	/** Relays whose port is open now. */
	private readonly connected = new Set<number>();
	private lastHealthCheck = 0;
	private readonly folderWork: StopFolderWork[] = [];
	/** A tick when a held-back candidate frame is due to be given up (see tickWhenStallDue). */
	private stallTimer?: NodeJS.Timeout;

	private constructor(
		readonly pipeline: Pipeline,
		readonly settings: SessionSettings,
		/** Each relay's record file, by relay number; later ones (found by `auto`) are added as they come. */
		private readonly recorders: (Recorder | undefined)[],
		/**
		 * Each camera's interval, overdue state, battery trend and loss, all on
		 * the monotonic clock. Feed it earlier runs' image times (wall times)
		 * with `health.learnFromHistory(mac, times)` minus `wallOffset(clock)`.
		 */
		readonly health: CameraHealth,
		/** Durations run on its monotonic time; events carry its wall time. */
		readonly clock: Clock,
	) {
		this.finished = this.run();
	}

	/**
	 * Checks the output folder and the record file, subscribes `listener`, and
	 * starts reading. Throws OutputFolderError or FatalError (exit code 1).
	 */
	static async start(settings: SessionSettings, listener?: SessionListener): Promise<Session> {
		const clock = systemClock;
		const pipeline = new Pipeline({
			clock,
			outDir: settings.out,
			imageTimeoutMs: settings.imageTimeoutMs,
			debugFrames: settings.debug,
			unverifiedApart: settings.unverifiedApart,
			// A replay can be run again; live images cannot be received again.
			durableWrites: settings.replay === undefined,
			knownCameras: new Set([...(settings.names?.keys() ?? []), ...(settings.cameraIntervals?.keys() ?? [])]),
		});
		if (listener) pipeline.on(listener);
		const health = new CameraHealth({
			startedAt: clock.monotonicMs(),
			batteryLowPercent: settings.batteryLowPercent,
			intervals: settings.cameraIntervals,
			known: settings.names?.keys(),
		});
		pipeline.on(event => feedHealth(health, event, clock.monotonicMs()));
		await pipeline.start();
		const recorders: Recorder[] = [];
		if (settings.record) {
			// `auto` records its first relay to the name given, further ones as they are found.
			const ports = settings.replay || settings.demo || settings.port === 'auto' ? ['auto'] : sessionPorts(settings);
			try {
				for (const file of recordFilesFor(settings.record, ports)) recorders.push(await Recorder.open(file, {onEvent: event => pipeline.emit(event), limit: settings.recordLimit}));
			} catch (error) {
				await Promise.all(recorders.map(async recorder => recorder.close()));
				throw error;
			}
		}

		return new Session(pipeline, settings, recorders, health, clock);
	}

	/** Work on the output folder (retention) that close() stops with the session, see there. */
	stopsWith(stop: StopFolderWork): void {
		this.folderWork.push(stop);
	}

	get stopRequested(): boolean {
		return this.stopping.signal.aborted;
	}

	/** Stops reading; resolves once open images are closed and everything is on disk (rejects as close() does). */
	stop(): Promise<void> {
		const stopped = (async () => {
			this.stopping.abort();
			await this.finished.catch(() => undefined);
			await this.close();
		})();
		// Callers that only start the stop (a signal handler) hear of close()'s error when they await close().
		stopped.catch(() => undefined);
		return stopped;
	}

	/**
	 * Everything after the input: open images closed as incomplete, writes
	 * finished, record file flushed. Rejects with a FatalError (exit code 1)
	 * naming what could not be written.
	 */
	close(): Promise<void> {
		this.closed ??= (async () => {
			// After a signal the sweep under way is cut short at once. At the end of a replay retention
			// stops after the last writes, so that the sweep they are owed counts them all.
			const abandon = this.stopRequested;
			const stopFolderWork = async () => Promise.all(this.folderWork.map(async stop => stop({abandon})));
			if (abandon) await stopFolderWork();
			await this.pipeline.finish();
			if (!abandon) await stopFolderWork();
			await Promise.all(this.recorders.map(async recorder => recorder?.close()));
			const problems = [this.pipeline.store.describeUnwritten(), ...this.recorders.map(recorder => recorder?.problem)].filter(problem => problem !== undefined);
			if (problems.length > 0) throw new FatalError(problems.join('\n'));
		})();
		return this.closed;
	}

	private async run(): Promise<void> {
		const {pipeline, settings} = this;
		const signal = this.stopping.signal;
		if (settings.replay) {
			// A replay ticks after each chunk it reads: a pause while it waits for the
			// disk is not a stalled link, and must not give up a frame half read.
			await replay(settings.replay, pipeline, signal);
			return;
		}

		// A replay is not judged for silence: its frames come at the disk's pace, not the cameras'.
		this.listening = settings.demo;
		this.lastHealthCheck = this.clock.monotonicMs();
		const ticker = setInterval(() => this.tick(), TICK_MS);
		const onData = (chunk: Buffer) => {
			this.recorders[0]?.write(chunk);
			pipeline.push(chunk);
			this.tickWhenStallDue();
		};

		try {
			if (settings.demo) {
				// Loaded only for the demo: its JPEG encoder is memory a real run need not carry.
				const {startDemoRelay} = await import('../simulator/demo-relay.js');
				// A quit while its pictures are being made stops that at once.
				const relay = await startDemoRelay({cameras: settings.demoCameras, onData, signal}).catch((error: unknown) => {
					if (signal.aborted) return undefined;
					throw error;
				});
				await untilAborted(signal);
				relay?.stop();
			} else {
				await this.readRelays(signal);
			}
		} finally {
			clearInterval(ticker);
			clearTimeout(this.stallTimer);
		}
	}

	private tick(): void {
		const notRunningMs = this.pipeline.tick();
		this.checkHealth(this.clock.monotonicMs(), notRunningMs);
		this.tickWhenStallDue();
	}

	/**
	 * A candidate frame held back (perhaps a false start) is given up when it
	 * is due, not at the next regular tick: the frames behind it are released
	 * at the stall limit, not up to a tick later.
	 */
	private tickWhenStallDue(): void {
		const dueInMs = this.pipeline.stallDueInMs();
		if (dueInMs === undefined || this.stallTimer !== undefined) return;
		// Due sooner than the next regular tick or not, one tick at that time; it sets the next timer if still needed.
		this.stallTimer = setTimeout(() => {
			this.stallTimer = undefined;
			if (!this.stopRequested) this.tick();
		}, dueInMs + 1);
	}

	/**
	 * Reads every port given (or, with `auto`, every relay found, now or
	 * later) until `signal` aborts; each relay is a stream of its own.
	 */
	private async readRelays(signal: AbortSignal): Promise<void> {
		const {pipeline, settings} = this;
		// Loaded only when needed: the native serial binding costs start-up time.
		const {SerialConnection} = await import('../io/serial/serial-connection.js');
		const connections: SerialConnection[] = [];
		const {recorders} = this;
		const follow = (choice: Partial<PortChoice> & {path: string}) => {
			const relay = pipeline.addRelay(choice.path);
			const connection = new SerialConnection({
				port: choice.path,
				serialNumber: choice.serialNumber,
				reason: choice.reason,
				baudRate: settings.baud,
				onData: chunk => {
					// Looked up each time: a relay `auto` finds later gets its file a moment after its first bytes may come.
					recorders[relay]?.write(chunk);
					pipeline.push(chunk, relay);
					this.tickWhenStallDue();
				},
				onState: (state, port, detail, holders) => {
					if (state === 'connected') this.connected.add(relay);
					else this.connected.delete(relay);
					this.listening = this.connected.size > 0;
					pipeline.emit({kind: 'port', at: this.clock.wallMs(), state, port, detail, relay, ...(holders ? {holders} : {})});
				},
			});
			connections.push(connection);
			connection.start();
		};

		if (settings.port === 'auto') {
			const {AutoRelays} = await import('../io/serial/auto-relays.js');
			const finder = new AutoRelays({
				onRelay: choice => {
					if (connections.length >= MAX_RELAYS) {
						pipeline.emit({kind: 'notice', at: this.clock.wallMs(), level: 'warn', message: `${choice.path} not read: at most ${MAX_RELAYS} relays at once`});
						return;
					}

					if (settings.record && connections.length > 0) void this.openLaterRecorder(connections.length, choice);
					follow(choice);
				},
				onWaiting: detail => pipeline.emit({kind: 'port', at: this.clock.wallMs(), state: 'waiting', port: 'auto', detail, relay: 0}),
			});
			finder.start();
			await untilAborted(signal);
			await finder.stop();
		} else {
			for (const port of sessionPorts(settings)) follow({path: port});
			await untilAborted(signal);
		}

		await Promise.all(connections.map(async connection => connection.stop()));
	}

	/** The record file of a relay `auto` found after the first: `<stem>.<its serial number or port>.<ext>`; a failure is said, not fatal. */
	private async openLaterRecorder(relay: number, choice: PortChoice): Promise<void> {
		const file = recordFileFor(this.settings.record!, relayFileLabel(choice.serialNumber ?? choice.path));
		this.recorders[relay] = undefined;
		try {
			const recorder = await Recorder.open(file, {onEvent: event => this.pipeline.emit(event), limit: this.settings.recordLimit});
			if (this.closed) await recorder.close();
			else this.recorders[relay] = recorder;
		} catch (error) {
			this.pipeline.emit({kind: 'notice', at: this.clock.wallMs(), level: 'error', message: `${(error as Error).message}; ${choice.path} is not recorded`});
		}
	}

	/** Cameras heard since the last check, and those gone overdue or come back: events. */
	private checkHealth(now: number, notRunningMs: number): void {
		const {health, pipeline} = this;
		const elapsed = now - this.lastHealthCheck;
		this.lastHealthCheck = now;
		// Neither time without input (the relay unplugged) nor time the program was stopped is a camera's silence.
		if (!this.listening) health.discount(elapsed, now);
		else if (notRunningMs > 0) health.discount(notRunningMs, now);
		const relaysUp = this.listening ? relayMask(this.connected) : 0;
		for (const stats of pipeline.reassembler.cameraStats.values()) {
			health.heard(stats.mac, stats.lastFrameAt);
			// Several relays, some unplugged: a camera only they have heard cannot be heard now either.
			if (relaysUp !== 0 && stats.heardByRelays !== 0 && (stats.heardByRelays & relaysUp) === 0) {
				health.discountCamera(stats.mac, Math.max(0, elapsed - notRunningMs), now);
			}
		}

		for (const change of health.poll(now)) pipeline.emit(onWallClock(change, this.clock));
	}
}

function relayMask(relays: ReadonlySet<number>): number {
	let mask = 0;
	for (const relay of relays) mask |= 1 << relay;
	return mask;
}

/** A health change (monotonic times, found now) as an event: its times read on the wall clock as it is set now. */
function onWallClock(change: HealthChange, clock: Clock): SessionEvent {
	const at = clock.wallMs();
	if (change.kind === 'back') return {...change, at};
	const {lastHeardAt} = change;
	return {...change, at, lastHeardAt: lastHeardAt === undefined ? undefined : Math.round(lastHeardAt + wallOffset(clock))};
}

function sessionPorts(settings: SessionSettings): readonly string[] {
	return settings.ports ?? [settings.port];
}

async function untilAborted(signal: AbortSignal): Promise<void> {
	if (signal.aborted) return;
	await new Promise<void>(resolve => {
		signal.addEventListener('abort', () => resolve(), {once: true});
	});
}
