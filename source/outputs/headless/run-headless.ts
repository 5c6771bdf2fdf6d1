import {keepOutputFolder} from '../retention/start-retention.js';
import {createSinks} from '../create-sinks.js';
import {HeadlessReporter} from './headless-reporter.js';
import {LineWriter} from './line-writer.js';
import {FatalError} from '../../runtime/fatal-error.js';
import {OutputFolderError} from '../../io/store/image-store.js';
import {Session} from '../../session/session.js';
import type {RunSettings} from '../run-settings.js';
import {shouldColour} from './style.js';
import {settleOutputFolder} from '../output-folder-note.js';
import {glyphTranslation, localeIsUtf8} from '../../terminal/glyph-set.js';
import {guardStdio, isGone, onStdioGone, writeIfAlive} from '../../terminal/stdio.js';

const STATS_EVERY_MS = 60_000;
/** After a signal the program is gone within 2 s, whatever it is waiting for. */
export const SHUTDOWN_DEADLINE_MS = 1800;
/** SIGHUP: the SSH session that ran us has gone; finish as cleanly as on Ctrl-C. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Headless mode: the pipeline with one output line per event. Resolves to the exit code.
 * `forceUtf8` (--utf8): Unicode marks on a terminal whatever the locale says; pipes and --json always get UTF-8.
 */
export async function runHeadless(settings: RunSettings, forceUtf8 = false): Promise<number> {
	guardStdio();
	const asciiTerminal = process.stdout.isTTY && !settings.json && !forceUtf8 && !localeIsUtf8(process.env);
	const output = new LineWriter(process.stdout, asciiTerminal ? glyphTranslation('ascii') : undefined);
	const reporter = new HeadlessReporter({write: output.write, json: settings.json, colour: settings.colour, names: settings.names});
	const sinks = await createSinks(settings);
	let session: Session | undefined;
	try {
		session = await Session.start(settings, event => {
			reporter.event(event);
			sinks.listener(event);
		});
		keepOutputFolder(session, settings.retention);
		await sinks.start(session);
	} catch (error) {
		await session?.stop().catch(() => undefined);
		return reportFatal(error);
	}

	if (settings.demo) {
		session.pipeline.emit({
			kind: 'notice',
			at: Date.now(),
			level: 'info',
			message: `demo relay with ${settings.demoCameras} simulated cameras; images go to ${settings.out}`,
		});
	}

	const onSignal = () => {
		if (session.stopRequested) return;
		void session.stop();
		exitAfterDeadline(() => {
			if (settings.temporaryOut) writeIfAlive(process.stderr, `${settleOutputFolder(settings)}\n`);
		});
	};

	for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
	// Nobody reads our output any more (`| head`, an SSH client gone): end as on SIGHUP.
	const stopWhenOutputGone = onStdioGone(stream => {
		if (stream === process.stdout) onSignal();
	});
	if (isGone(process.stdout)) onSignal();
	const statsTimer = setInterval(() => reporter.stats(Date.now(), session.pipeline.totals(), false, sinks.statuses()), STATS_EVERY_MS);
	let exitCode = 0;
	try {
		await session.finished;
	} catch (error) {
		exitCode = reportFatal(error);
	} finally {
		clearInterval(statsTimer);
		try {
			await session.close();
		} catch (error) {
			exitCode = reportFatal(error);
		}

		// After the session: the last images' events reach the outputs too.
		await sinks.close();

		if (isGone(process.stdout)) {
			const stderr = new HeadlessReporter({write: line => writeIfAlive(process.stderr, `${line}\n`), json: false, colour: shouldColour(process.stderr), names: settings.names});
			stderr.stats(Date.now(), session.pipeline.totals(), true, sinks.statuses());
		} else {
			reporter.stats(Date.now(), session.pipeline.totals(), true, sinks.statuses());
			output.flush();
		}

		if (settings.temporaryOut) writeIfAlive(process.stderr, `${settleOutputFolder(settings)}\n`);
		stopWhenOutputGone();
		for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
	}

	return exitCode;
}

/** Once stopping has begun, the process ends within 2 s even if the disk hangs; `lastWords` still runs. */
export function exitAfterDeadline(lastWords?: () => void): void {
	setTimeout(() => {
		writeIfAlive(process.stderr, 'esp-cam-monitor: shutdown took too long; exiting without waiting for the disk\n');
		lastWords?.();
		process.exit(0);
	}, SHUTDOWN_DEADLINE_MS).unref();
}

/** Prints a fatal error (exit code 1); anything else is a bug and is thrown on. */
export function reportFatal(error: unknown): number {
	if (!(error instanceof OutputFolderError || error instanceof FatalError)) throw error;
	writeIfAlive(process.stderr, `esp-cam-monitor: ${error.message}\n`);
	return 1;
}
