/** @jsxRuntime classic */ // JSX through the React imported below, after react-production
import '../runtime/young-generation.js'; // stops the young generation growing further (see there)
import '../runtime/react-production.js';
import React from 'react';
import {keepOutputFolder} from '../outputs/retention/start-retention.js';
import {PassThrough} from 'node:stream';
import chalk from 'chalk';
import {render} from 'ink';
import App from './app.js';
import {wallOffset} from '../runtime/clock.js';
import {HeadlessReporter} from '../outputs/headless/headless-reporter.js';
import {ImageHistory} from './history/image-history.js';
import {Session} from '../session/session.js';
import type {RunSettings} from '../outputs/run-settings.js';
import {exitAfterDeadline, reportFatal, STOP_SIGNALS} from '../outputs/headless/run-headless.js';
import {settleOutputFolder} from '../outputs/output-folder-note.js';
import {chooseGlyphSet, glyphTranslation} from '../terminal/glyph-set.js';
import {Keyboard} from '../terminal/keyboard.js';
import {ScreenOutput} from '../terminal/screen-output.js';
import {guardStdio, onStdioGone, writeIfAlive} from '../terminal/stdio.js';
import {enterAlternateScreen} from './alternate-screen.js';
import {DashboardModel} from './dashboard-model.js';
import {PreviewCache} from './preview/preview-cache.js';
import {createSinks} from '../outputs/create-sinks.js';
import {PictureOverlayContext} from './preview/picture-overlay.js';
import {previewNewImages} from './preview/preview-new-images.js';
import {previewSetup, type PreviewChoice} from './preview/preview-choice.js';

/** The most recent wakes of each camera found in the output folder that its interval is learned from. */
const WAKES_LEARNED_FROM_HISTORY = 100;
/** At exit, how long to wait for answers the terminal still owes (a slow link): else they land on the shell's prompt. */
const OWED_ANSWERS_WAIT_MS = 500;

/** The Ink dashboard on a terminal. Resolves to the exit code. `forceUtf8`: --utf8, whatever the locale says. */
export async function runDashboard(settings: RunSettings, previewChoice: PreviewChoice = 'auto', forceUtf8 = false): Promise<number> {
	guardStdio();
	const model = new DashboardModel(settings, settings.names);
	const history = new ImageHistory(settings.out);
	const sinks = await createSinks(settings);
	const glyphs = chooseGlyphSet(process.env, forceUtf8);
	const previews = previewSetup(previewChoice, process.env, glyphs);
	const previewCache = new PreviewCache(undefined, previews.mode);
	const previewAhead = previewNewImages(previewCache, model);
	let session: Session | undefined;
	try {
		session = await Session.start(settings, event => {
			model.listener(event);
			previewAhead(event);
			history.listener(event);
			sinks.listener(event);
		});
		keepOutputFolder(session, settings.retention, images => history.forget(images));
		await sinks.start(session);
	} catch (error) {
		await session?.stop().catch(() => undefined);
		return reportFatal(error);
	}

	// Earlier runs' images, read in the background (a large folder takes seconds);
	// their cameras get panels, and their wake times teach each camera's interval.
	// Their times are wall times (file names): placed on the monotonic clock as the wall clock reads now. Those after
	// now were named by a clock set later than ours is now (a Pi before NTP sync): they cannot be placed, and are left out.
	void history.index().then(() => {
		const toWall = wallOffset(session.clock);
		const nowWall = session.clock.wallMs();
		for (const {mac} of history.knownCameras()) {
			const times = history.imageTimes(mac).filter(at => at <= nowWall);
			session.health.learnFromHistory(
				mac,
				times.subarray(-WAKES_LEARNED_FROM_HISTORY).map(at => at - toWall),
			);
		}
	});

	model.bind(session);
	model.sinkStatuses = () => sinks.statuses();
	let exitCode = 0;
	let stopping = false;
	let fatal: unknown;
	let quit!: () => void;
	const quitting = new Promise<void>(resolve => {
		quit = resolve;
	});
	session.finished.then(
		() => model.inputEnded(),
		(error: unknown) => {
			fatal = error; // said after the alternate screen is gone, or nobody would see it
			quit();
		},
	);
	const onSignal = () => quit();
	for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
	// The terminal went away (SSH dropped: EIO): end as on SIGHUP, keeping every image.
	const stopWhenTerminalGone = onStdioGone(stream => {
		if (stream === process.stdout) quit();
	});

	const keyboard = Keyboard.open(quit);
	const screen = enterAlternateScreen();
	const output = new ScreenOutput(process.stdout, glyphTranslation(glyphs));
	const crash = (error: Error) => {
		keyboard?.close();
		output.hold();
		screen.leave();
		writeIfAlive(process.stderr, `esp-cam-monitor crashed: ${error.stack ?? error.message}\n`);
		// Still try to keep what was received (open images to incomplete/), briefly.
		setTimeout(() => process.exit(1), 1500).unref();
		void session.stop().finally(() => process.exit(1));
	};

	// Ctrl-Z, as in htop or less: give the terminal back as it was, stop; on `fg`, take it again and draw everything.
	const suspend = () => {
		keyboard?.pause();
		output.hold();
		screen.leave();
		let resumed = false;
		const resume = () => {
			if (resumed) return;
			resumed = true;
			process.off('SIGCONT', resume);
			screen.enter();
			keyboard?.start();
			output.repaint();
		};

		process.on('SIGCONT', resume);
		// The whole process group, as less and htop do: under `npm start` npm and its sh stop too, so the
		// shell sees its job stopped and takes the terminal back (stopping only this process froze it).
		// Stops here until continued. An orphaned process group ignores SIGTSTP: then carry on at once.
		process.kill(0, 'SIGTSTP');
		setTimeout(resume, 200).unref();
	};

	process.once('uncaughtException', crash);
	const instance = render(
		<PictureOverlayContext.Provider value={output}>
			<App
				model={model}
				previews={previewCache}
				previewsAllowed={chalk.level > 0}
				previewSetup={previews}
				initialDebug={settings.debug}
				keys={keyboard}
				onQuit={quit}
				onSuspend={suspend}
				history={history}
			/>
		</PictureOverlayContext.Provider>,
		{
			stdout: output as unknown as NodeJS.WriteStream,
			// Keys are read by Keyboard (every key of a read, bracketed paste, /dev/tty, suspend); Ink gets no input.
			stdin: new PassThrough() as unknown as NodeJS.ReadStream,
			exitOnCtrlC: false,
			patchConsole: true,
			maxFps: 10,
			// Ink 6.8's incremental mode draws one line too low when the output ends
			// with a newline (always, below full height), leaving stale lines behind.
			incrementalRendering: false,
		},
	);
	keyboard?.start();
	// The terminal is asked what it draws once the first frame is out: the probe loads only then.
	if (chalk.level > 0) {
		void import('./preview/find-pixel-graphics.js').then(async ({findPixelGraphics}) => {
			if (stopping) return; // quit before it loaded: no question whose answer would land on the shell's prompt
			const {pixels, note} = await findPixelGraphics(previews, keyboard, output, process.env);
			if (!stopping) previewCache.setPixels(pixels, note);
		});
	}

	// A render error ends Ink's app: leave the alternate screen and say what happened.
	instance.waitUntilExit().catch(crash);
	await quitting;
	stopping = true;
	history.stop();
	// kitty keeps pictures in its memory until told otherwise.
	previewCache.releaseKittyImages();
	exitAfterDeadline(() => {
		if (settings.temporaryOut) writeIfAlive(process.stdout, `${settleOutputFolder(settings)}\n`);
	});
	await keyboard?.drainAnswers(OWED_ANSWERS_WAIT_MS);
	keyboard?.close();
	instance.unmount();
	output.dispose();
	screen.leave();
	if (fatal !== undefined) exitCode = reportFatal(fatal);
	try {
		await session.stop();
	} catch (error) {
		exitCode = reportFatal(error);
	} finally {
		// After the session: the last images' events reach the outputs too.
		await sinks.close();
	}

	stopWhenTerminalGone();
	for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
	const say = (line: string) => writeIfAlive(process.stdout, `${line}\n`);
	const reporter = new HeadlessReporter({write: say, json: false, colour: chalk.level > 0, names: settings.names});
	reporter.stats(Date.now(), session.pipeline.totals(), true, sinks.statuses());
	const problem = model.currentPortProblem;
	if (problem) say(`port: ${problem.state} ${problem.name}: ${problem.detail}`);
	say(settleOutputFolder(settings));
	return exitCode;
}
