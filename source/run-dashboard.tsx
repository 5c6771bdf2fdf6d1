import chalk from 'chalk';
import {render} from 'ink';
import App from './app.js';
import {HeadlessReporter} from './headless/headless-reporter.js';
import {MonitorSession} from './ingest/monitor-session.js';
import {exitAfterDeadline, reportFatal, STOP_SIGNALS, type MonitorSettings} from './run-headless.js';
import {enterAlternateScreen} from './ui/alternate-screen.js';
import {IngestTracker} from './ui/ingest-tracker.js';
import {PreviewCache} from './ui/preview/preview-cache.js';

/** The Ink dashboard on a terminal. Resolves to the exit code. */
export async function runDashboard(settings: MonitorSettings): Promise<number> {
	const tracker = new IngestTracker(settings, settings.names);
	let session: MonitorSession;
	try {
		session = await MonitorSession.start(settings, tracker.listener);
	} catch (error) {
		return reportFatal(error);
	}

	tracker.bind(session);
	let exitCode = 0;
	let fatal: unknown;
	let quit!: () => void;
	const quitting = new Promise<void>(resolve => {
		quit = resolve;
	});
	session.finished.then(
		() => tracker.inputEnded(),
		(error: unknown) => {
			fatal = error; // said after the alternate screen is gone, or nobody would see it
			quit();
		},
	);
	const onSignal = () => quit();
	for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

	const leaveScreen = enterAlternateScreen();
	const crash = (error: Error) => {
		leaveScreen();
		process.stderr.write(`esp-cam-monitor crashed: ${error.stack ?? error.message}\n`);
		// Still try to keep what was received (open images to incomplete/), briefly.
		setTimeout(() => process.exit(1), 1500).unref();
		void session.stop().finally(() => process.exit(1));
	};

	process.once('uncaughtException', crash);
	const instance = render(
		<App tracker={tracker} previews={new PreviewCache()} previewsAllowed={chalk.level > 0} initialDebug={settings.debug} onQuit={quit} />,
		{
			exitOnCtrlC: false,
			patchConsole: true,
			maxFps: 10,
			// Ink 6.8's incremental mode draws one line too low when the output ends
			// with a newline (always, below full height), leaving stale lines behind.
			incrementalRendering: false,
		},
	);

	// A render error ends Ink's app: leave the alternate screen and say what happened.
	instance.waitUntilExit().catch(crash);
	await quitting;
	exitAfterDeadline();
	instance.unmount();
	leaveScreen();
	if (fatal !== undefined) exitCode = reportFatal(fatal);
	try {
		await session.stop();
	} catch (error) {
		exitCode = reportFatal(error);
	}

	for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
	const reporter = new HeadlessReporter({write: line => process.stdout.write(`${line}\n`), json: false, colour: chalk.level > 0, names: settings.names});
	reporter.stats(Date.now(), session.monitor.totals(), true);
	process.stdout.write(`images: ${settings.out}\n`);
	return exitCode;
}
