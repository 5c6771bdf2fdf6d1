import {HeadlessReporter} from './headless/headless-reporter.js';
import {LineWriter} from './headless/line-writer.js';
import {FatalError} from './ingest/fatal-error.js';
import {OutputFolderError} from './ingest/image-store.js';
import {Monitor} from './ingest/monitor.js';
import {Recorder} from './ingest/recorder.js';
import {replay} from './ingest/replay-source.js';
import {startDemoRelay} from './simulator/demo-relay.js';

export interface MonitorSettings {
	port: string;
	baud: number;
	out: string;
	imageTimeoutMs: number;
	record?: string;
	replay?: string;
	json: boolean;
	debug: boolean;
	demo: boolean;
	demoCameras: number;
	colour: boolean;
	names?: ReadonlyMap<number, string>;
}

const TICK_MS = 250;
const STATS_EVERY_MS = 60_000;
/** After SIGINT/SIGTERM the program is gone within 2 s, whatever it is waiting for. */
const SHUTDOWN_DEADLINE_MS = 1800;

/** Headless mode: the pipeline with one output line per event. Resolves to the exit code. */
export async function runHeadless(settings: MonitorSettings): Promise<number> {
	const output = new LineWriter();
	const reporter = new HeadlessReporter({write: output.write, json: settings.json, colour: settings.colour, names: settings.names});
	const monitor = new Monitor({outDir: settings.out, imageTimeoutMs: settings.imageTimeoutMs, debugFrames: settings.debug});
	monitor.on(event => reporter.event(event));

	let recorder: Recorder | undefined;
	try {
		await monitor.start();
		if (settings.record) recorder = await Recorder.open(settings.record);
	} catch (error) {
		if (error instanceof OutputFolderError || error instanceof FatalError) {
			process.stderr.write(`esp-cam-monitor: ${error.message}\n`);
			return 1;
		}

		throw error;
	}

	const stopping = new AbortController();
	const onSignal = () => {
		if (stopping.signal.aborted) return;
		stopping.abort();
		setTimeout(() => {
			process.stderr.write('esp-cam-monitor: shutdown took too long; exiting without waiting for the disk\n');
			process.exit(0);
		}, SHUTDOWN_DEADLINE_MS).unref();
	};

	// SIGHUP: the SSH session that ran us has gone; finish as cleanly as on Ctrl-C.
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
	for (const signal of signals) process.on(signal, onSignal);
	// A replay ticks after each chunk it reads: a pause while it waits for the
	// disk is not a stalled link, and must not give up a frame half read.
	const ticker = settings.replay === undefined ? setInterval(() => monitor.tick(), TICK_MS) : undefined;
	const statsTimer = setInterval(() => reporter.stats(Date.now(), monitor.totals()), STATS_EVERY_MS);
	const onData = (chunk: Buffer) => {
		recorder?.write(chunk);
		monitor.push(chunk);
	};

	let exitCode = 0;
	try {
		if (settings.replay) {
			await replay(settings.replay, monitor, stopping.signal);
		} else if (settings.demo) {
			monitor.emit({kind: 'notice', at: Date.now(), level: 'info', message: `demo relay with ${settings.demoCameras} simulated cameras; images go to ${settings.out}`});
			const relay = startDemoRelay({cameras: settings.demoCameras, onData});
			await untilAborted(stopping.signal);
			relay.stop();
		} else {
			// Loaded only when needed: the native serial binding costs start-up time.
			const {SerialConnection} = await import('./ingest/serial-connection.js');
			const connection = new SerialConnection({
				port: settings.port,
				baudRate: settings.baud,
				onData,
				onState: (state, port, detail) => monitor.emit({kind: 'port', at: Date.now(), state, port, detail}),
			});
			connection.start();
			await untilAborted(stopping.signal);
			await connection.stop();
		}
	} catch (error) {
		if (!(error instanceof FatalError)) throw error;
		process.stderr.write(`esp-cam-monitor: ${error.message}\n`);
		exitCode = 1;
	} finally {
		clearInterval(ticker);
		clearInterval(statsTimer);
		await monitor.finish();
		await recorder?.close();
		if (recorder?.error) process.stderr.write(`esp-cam-monitor: record file ${settings.record}: ${recorder.error.message}\n`);
		reporter.stats(Date.now(), monitor.totals(), true);
		output.flush();
		for (const signal of signals) process.off(signal, onSignal);
	}

	return exitCode;
}

async function untilAborted(signal: AbortSignal): Promise<void> {
	if (signal.aborted) return;
	await new Promise<void>(resolve => {
		signal.addEventListener('abort', () => resolve(), {once: true});
	});
}
