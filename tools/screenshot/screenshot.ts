/**
 * `npm run screenshot`: the readme's pictures, made again. Runs the built
 * demo (`node dist/cli/main.js --demo`) in a real terminal emulator, xterm on a
 * virtual X display (Xvfb), and saves what xterm shows: docs/dashboard.png
 * (six cameras at 120x40, once every camera has a picture), docs/zoom.png
 * (Enter on a camera whose last image is good), both with what `auto` draws
 * in xterm (text cells, 24-bit colour), and docs/zoom-sixel.png: the zoom
 * view in an xterm that draws sixel. `npm run screenshot -- --kitty` makes
 * docs/kitty.png instead: the dashboard in kitty (0.28 or later, see kitty.ts),
 * its previews in pixels. A developer tool: not part of npm test.
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {encodePng} from '../../source/graphics/kitty/png-encoder.js';
import {camerasWithGoodImages, newestImages} from './demo-folder.js';
import {findKitty, startKitty} from './kitty.js';
import {checkTools, runX, startXvfb, stopChild} from './x-session.js';
import {readXwd} from './xwd.js';

const CAMERAS = 6;
const COLUMNS = 120;
const ROWS = 40;
/**
 * xterm draws block characters from the font, and a TrueType block that does not
 * fill its cell to the pixel leaves thin seams across a picture. DejaVu Sans Mono
 * at 12 points on a 100 dpi screen, fully hinted, fills its 10x20 cells (at 11
 * points, or unhinted, seams show).
 */
const FONT = 'DejaVu Sans Mono:hintstyle=hintfull';
const FONT_SIZE = 12;
const TITLE = 'esp-cam-monitor';
/** The longest wait for every camera's first good image (the demo's cameras wake every ~10 s). */
const FIRST_IMAGES_TIMEOUT_MS = 120_000;
/** The demo ends within 2 s of `q`. */
const QUIT_TIMEOUT_MS = 5000;
/** Long enough for the rates, sparklines and battery trends to have something to show. */
const RUN_BEFORE_SHOT_MS = 25_000;
/** Time for the preview worker to draw and the next once-a-second frame to show it. */
const SETTLE_MS = 3000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const docs = path.join(root, 'docs');

/** One run of the demo in its own terminal, and what to save from it. */
interface Session {
	/** Starts the terminal (its window titled TITLE) running the demo, which writes to `out`. */
	start(display: string, out: string): ChildProcess;
	shoot(display: string, window: string, out: string): Promise<void>;
}

const SESSIONS: Session[] = [
	{
		// Plain xterm: `auto` gets text cells.
		start: (display, out) => startXterm(display, out, []),
		async shoot(display, window, out) {
			save(display, window, 'dashboard.png');
			await zoomIntoGoodImage(display, window, out);
			save(display, window, 'zoom.png');
		},
	},
	{
		// xterm as a VT340 draws sixel (DA1 says so); allowWindowOps lets it answer
		// the cell size query (CSI 16 t), which sizes the picture to the zoom view.
		start: (display, out) => startXterm(display, out, ['-ti', '340', '-xrm', 'XTerm*allowWindowOps: true']),
		async shoot(display, window, out) {
			await zoomIntoGoodImage(display, window, out);
			save(display, window, 'zoom-sixel.png');
		},
	},
];

/** kitty 0.28 or later: `auto` gets kitty graphics, panels and zoom view alike. */
function kittySession(kitty: string): Session {
	return {
		start: (display, out) => startKitty(kitty, display, {title: TITLE, columns: COLUMNS, rows: ROWS, font: 'DejaVu Sans Mono', fontSize: FONT_SIZE}, demoCommand(out)),
		shoot(display, window) {
			save(display, window, 'kitty.png');
			return Promise.resolve();
		},
	};
}

async function main(): Promise<void> {
	checkTools();
	const sessions = process.argv.includes('--kitty') ? [kittySession(findKitty())] : SESSIONS;
	const screen = await startXvfb(1920, 1200);
	// What the running session must undo (end its xterm, remove its folder).
	const pending = new Set<() => Promise<void>>();
	// Ctrl-C or a kill: still end xterm and Xvfb and remove the demo's folder.
	const onSignal = (signal: NodeJS.Signals) =>
		void Promise.allSettled([...pending].map(async undo => undo()))
			.then(async () => screen.stop())
			.finally(() => process.kill(process.pid, signal));
	process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
	try {
		for (const session of sessions) await run(screen.display, session, pending);
	} finally {
		process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
		await screen.stop();
	}
}

async function run(display: string, session: Session, pending: Set<() => Promise<void>>): Promise<void> {
	const out = mkdtempSync(path.join(tmpdir(), 'esp-cam-demo-'));
	let terminal: ChildProcess | undefined;
	let window: string | undefined;
	const cleanUp = async () => {
		pending.delete(cleanUp);
		if (terminal) await quit(display, terminal, window);
		rmSync(out, {recursive: true, force: true});
	};
	pending.add(cleanUp);
	try {
		terminal = session.start(display, out);
		window = runX(display, 'xdotool', ['search', '--sync', '--name', `^${TITLE}$`])
			.toString()
			.trim()
			.split('\n')[0]!;
		const started = Date.now();
		await waitFor(() => camerasWithGoodImages(out).length >= CAMERAS, FIRST_IMAGES_TIMEOUT_MS, `${CAMERAS} cameras with a good image`);
		await sleep(Math.max(SETTLE_MS, started + RUN_BEFORE_SHOT_MS - Date.now()));
		await session.shoot(display, window, out);
	} finally {
		await cleanUp();
	}
}

/**
 * Quits the demo with `q` and lets xterm end with it: killed, the demo would
 * still be writing its open images into the folder while it is removed.
 */
async function quit(display: string, terminal: ChildProcess, window: string | undefined): Promise<void> {
	if (terminal.exitCode !== null || terminal.signalCode !== null) return;
	const exited = once(terminal, 'exit');
	if (window) {
		try {
			runX(display, 'xdotool', ['windowfocus', '--sync', window, 'key', 'Escape', 'q']);
		} catch {
			// xterm is going away already
		}
	}

	const ended = await Promise.race([exited.then(() => true), sleep(QUIT_TIMEOUT_MS).then(() => false)]);
	if (!ended) await stopChild(terminal);
}

function startXterm(display: string, out: string, extra: string[]): ChildProcess {
	// A clean environment: the developer's own terminal (TMUX, KITTY_WINDOW_ID, TERM_PROGRAM,
	// NO_COLOR, ...) must not steer what `auto` picks inside xterm.
	const env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', LANG: 'C.UTF-8', DISPLAY: display};
	const args = [
		...['-T', TITLE, '-geometry', `${COLUMNS}x${ROWS}+0+0`, '-fa', FONT, '-fs', String(FONT_SIZE), '-u8', '-tn', 'xterm-256color'],
		...['-bg', '#1d1f21', '-fg', '#c5c8c6', '-b', '6'],
		...['-xrm', 'XTerm*allowTitleOps: false', '-xrm', 'XTerm*cursorBlink: false'],
		...extra,
		// xterm draws 24-bit colour but drops COLORTERM from the environment it passes on.
		...['-e', 'env', 'COLORTERM=truecolor', ...demoCommand(out)],
	];
	return spawn('xterm', args, {env, stdio: 'ignore'});
}

function demoCommand(out: string): string[] {
	return [process.execPath, path.join(root, 'dist/cli/main.js'), '--demo', '--demo-cameras', String(CAMERAS), '--out', out];
}

/**
 * Zooms into a camera whose newest image is good (an incomplete one may say
 * "cannot be drawn"): Tab to it, Enter. Should a newer image arrive while the
 * picture is drawn, it goes back and tries again.
 */
async function zoomIntoGoodImage(display: string, window: string, out: string): Promise<void> {
	for (let attempt = 0; attempt < 10; attempt++) {
		const newest = newestImages(out);
		const index = newest.findIndex(image => image.good);
		if (index >= 0) {
			runX(display, 'xdotool', ['windowfocus', '--sync', window, 'key', '--delay', '150', ...Array<string>(index).fill('Tab'), 'Return']);
			await sleep(SETTLE_MS);
			if (newestImages(out)[index]?.name === newest[index]!.name) return;
			runX(display, 'xdotool', ['key', '--delay', '150', 'Escape', ...Array<string>(index).fill('shift+Tab')]);
		}

		await sleep(2000);
	}

	throw new Error('no camera kept a good newest image long enough for the zoom view');
}

function save(display: string, window: string, name: string): void {
	const dump = runX(display, 'xwd', ['-id', window, '-silent']);
	const rgb = path.join(tmpdir(), `esp-cam-screenshot-${process.pid}.png`);
	writeFileSync(rgb, encodePng(readXwd(dump), 9));
	const target = path.join(docs, name);
	// 256 colours, no dithering: the text stays crisp and the file small.
	runX(display, 'pngquant', ['256', '--nofs', '--speed', '1', '--strip', '--force', '--output', target, '--', rgb]);
	rmSync(rgb);
	console.log(`${path.relative(process.cwd(), target)}: ${Math.round(statSync(target).size / 1024)} KiB`);
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
		await sleep(500);
	}
}

main().catch((error: unknown) => {
	console.error(`screenshot: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
});
