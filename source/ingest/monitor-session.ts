import {FatalError} from './fatal-error.js';
import {Monitor} from './monitor.js';
import type {MonitorListener} from './monitor-events.js';
import {Recorder} from './recorder.js';
import {replay} from './replay-source.js';

export interface SessionSettings {
	port: string;
	baud: number;
	out: string;
	imageTimeoutMs: number;
	record?: string;
	replay?: string;
	debug: boolean;
	demo: boolean;
	demoCameras: number;
	/** `--unverified apart`: unverified images go to `<out>/unverified/`. */
	unverifiedApart?: boolean;
	/** Names for MACs (--cameras): these cameras are real from their first frame. */
	names?: ReadonlyMap<number, string>;
}

const TICK_MS = 250;

/**
 * One run of the receive pipeline with its input — a serial port, a replay
 * or the demo relay — plus the record file and the timer. Headless mode and
 * the dashboard both run exactly this.
 */
export class MonitorSession {
	/** Resolves when the input ends by itself (a replay) or after stop(); rejects with a FatalError. */
	readonly finished: Promise<void>;
	private readonly stopping = new AbortController();
	private closed?: Promise<void>;

	private constructor(
		readonly monitor: Monitor,
		readonly settings: SessionSettings,
		private readonly recorder: Recorder | undefined,
	) {
		this.finished = this.run();
	}

	/**
	 * Checks the output folder and the record file, subscribes `listener`, and
	 * starts reading. Throws OutputFolderError or FatalError (exit code 1).
	 */
	static async start(settings: SessionSettings, listener?: MonitorListener): Promise<MonitorSession> {
		const monitor = new Monitor({
			outDir: settings.out,
			imageTimeoutMs: settings.imageTimeoutMs,
			debugFrames: settings.debug,
			unverifiedApart: settings.unverifiedApart,
			knownCameras: settings.names?.keys(),
		});
		if (listener) monitor.on(listener);
		await monitor.start();
		const recorder = settings.record ? await Recorder.open(settings.record, {onEvent: event => monitor.emit(event)}) : undefined;
		return new MonitorSession(monitor, settings, recorder);
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
			await this.monitor.finish();
			await this.recorder?.close();
			const problems = [this.monitor.store.describeUnwritten(), this.recorder?.problem].filter(problem => problem !== undefined);
			if (problems.length > 0) throw new FatalError(problems.join('\n'));
		})();
		return this.closed;
	}

	private async run(): Promise<void> {
		const {monitor, settings} = this;
		const signal = this.stopping.signal;
		if (settings.replay) {
			// A replay ticks after each chunk it reads: a pause while it waits for the
			// disk is not a stalled link, and must not give up a frame half read.
			await replay(settings.replay, monitor, signal);
			return;
		}

		const ticker = setInterval(() => monitor.tick(), TICK_MS);
		const onData = (chunk: Buffer) => {
			this.recorder?.write(chunk);
			monitor.push(chunk);
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
				// Loaded only when needed: the native serial binding costs start-up time.
				const {SerialConnection} = await import('./serial-connection.js');
				const connection = new SerialConnection({
					port: settings.port,
					baudRate: settings.baud,
					onData,
					onState: (state, port, detail) => monitor.emit({kind: 'port', at: Date.now(), state, port, detail}),
				});
				connection.start();
				await untilAborted(signal);
				await connection.stop();
			}
		} finally {
			clearInterval(ticker);
		}
	}
}

async function untilAborted(signal: AbortSignal): Promise<void> {
	if (signal.aborted) return;
	await new Promise<void>(resolve => {
		signal.addEventListener('abort', () => resolve(), {once: true});
	});
}
