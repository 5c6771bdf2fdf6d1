/** @jsxRuntime automatic */
/** @jsxImportSource react */
import '../helpers/interactive-terminal.js'; // before Ink loads
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import chalk from 'chalk';
import {Box, Text} from 'ink';
import App from '../../source/dashboard/app.js';
import {systemClock, type Clock} from '../../source/runtime/clock.js';
import {CameraHealth} from '../../source/core/health/camera-health.js';
import {Pipeline} from '../../source/session/pipeline.js';
import type {Session} from '../../source/session/session.js';
import {KeyStream} from '../../source/terminal/keyboard.js';
import {DashboardModel} from '../../source/dashboard/dashboard-model.js';
import {NowContext, TickSource} from '../../source/dashboard/now-context.js';
import {TickingText} from '../../source/dashboard/ticking-text/ticking-text.js';
import {screenProblems} from '../helpers/dashboard-screen.js';
import {SETTINGS} from '../helpers/fake-session.js';
import {noPreviews} from '../helpers/ink-render.js';
import {countRenders} from '../helpers/render-counter.js';
import {TmuxScreen} from '../helpers/tmux-screen.js';

const counts = await countRenders();
const GATE = 0x240a1b2c3d4e;
const PORCH = 0x240a1b2c3d4f;
const PANELS = {columns: 100, rows: 30};
/** Too few rows for panels: a line or two per camera. */
const COMPACT = {columns: 100, rows: 12};

// Colours as on a terminal (chalk finds none when the tests' output is not one): the time is drawn dim.
const chalkLevel = chalk.level;
chalk.level = 2;
const screens: TmuxScreen[] = [];
after(() => {
	chalk.level = chalkLevel;
	for (const screen of screens) screen.close();
});

/** A clock `shift` ms ahead of the system's, both its times (a test moves it). */
function shiftedClock(): Clock & {shift: number} {
	const clock = {
		shift: 0,
		monotonicMs: () => systemClock.monotonicMs() + clock.shift,
		wallMs: () => systemClock.wallMs() + clock.shift,
	};
	return clock;
}

/** A tracker of a silent relay, with cameras known from earlier runs, each last heard `ago` ms before now on `clock`. */
function quietCameras(clock: Clock, heard: [mac: number, ago: number][]): DashboardModel {
	const pipeline = new Pipeline({outDir: SETTINGS.out});
	const now = clock.monotonicMs();
	const health = new CameraHealth({startedAt: now, intervals: new Map(heard.map(([mac]) => [mac, 3_600_000])), known: heard.map(([mac]) => mac)});
	for (const [mac, ago] of heard) health.heard(mac, now - ago);
	const session = {pipeline, settings: SETTINGS, health} as unknown as Session;
	return new DashboardModel(
		SETTINGS,
		new Map([
			[GATE, 'gate'],
			[PORCH, 'porch'],
		]),
		clock,
	).bind(session);
}

async function dashboard(model: DashboardModel, size = PANELS): Promise<TmuxScreen> {
	const screen = await TmuxScreen.show(<App model={model} previews={noPreviews} previewsAllowed={false} keys={new KeyStream()} onQuit={() => undefined} />, size);
	screens.push(screen);
	return screen;
}

/** Every distinct match of `pattern` (its first group) on the screen over `ms`, read every 200 ms; each screen sound, with cameras (`size`). */
async function watch(screen: TmuxScreen, pattern: RegExp, ms: number, size?: {columns: number; rows: number}): Promise<string[]> {
	const seen: string[] = [];
	for (const end = Date.now() + ms; Date.now() < end; await delay(200)) {
		const text = screen.screen();
		const found = pattern.exec(text)?.[1];
		assert.ok(found, `no ${pattern} on the screen:\n${text}`);
		if (seen.at(-1) !== found) seen.push(found);
		if (size) assert.deepEqual(screenProblems(text, size), [], text);
	}

	return seen;
}

describe('time shown on an idle dashboard', {timeout: 60_000}, () => {
	it('the uptime counts on screen with a silent relay while React commits nothing and Ink draws no frame', async () => {
		const screen = await dashboard(quietCameras(systemClock, []));
		await screen.waitFor(/up 0:00:0[1-9]/);
		counts.reset();
		screen.inkFrames = 0;
		const uptimes = await watch(screen, /^esp-cam-monitor · up (\d+:\d\d:\d\d) · ● opening/, 3500);
		assert.ok(uptimes.length >= 3, `the uptime moved each second: ${uptimes.join(', ')}`);
		assert.equal(counts.commits(), 0, 'no React commit');
		assert.equal(screen.inkFrames, 0, 'no Ink frame');
	});

	for (const [layout, size, pattern] of [
		['panels', PANELS, /│ last seen (2\d s) ago/],
		['compact lines', COMPACT, /^ {2}last seen (2\d s) ago · /m],
	] as const) {
		it(`quiet cameras' "seen N s ago" counts on screen in ${layout}, with no commit or frame`, async () => {
			const screen = await dashboard(
				quietCameras(systemClock, [
					[GATE, 20_000],
					[PORCH, 20_500],
				]),
				size,
			);
			await screen.waitFor(/last seen 2[1-4] s ago/);
			// Settled: the selection is pinned to the first camera once it is there.
			await delay(500);
			counts.reset();
			screen.inkFrames = 0;
			const ages = await watch(screen, pattern, 3500, size);
			console.log(
				'DEBUG',
				['App', 'CameraGrid', 'CameraPanel', 'CameraLine', 'TickingText', 'Header', 'LogPane', 'Footer', 'LastHeard'].map(name => name + '=' + counts.of(name)).join(' '),
			);
			assert.ok(ages.length >= 3, `the time since moved each second: ${ages.join(', ')}`);
			assert.equal(counts.commits(), 0, 'no React commit');
			assert.equal(screen.inkFrames, 0, 'no Ink frame');
		});
	}
});

describe('time whose width changes', {timeout: 60_000}, () => {
	for (const [layout, size] of [
		['panels', PANELS],
		['compact lines', COMPACT],
	] as const) {
		it(`9 s → 10 s ago is laid out again by Ink, whole and in its place (${layout})`, async () => {
			const screen = await dashboard(quietCameras(systemClock, [[GATE, 7000]]), size);
			await screen.waitFor(/last seen 8 s ago/);
			const ages = await watch(screen, /last seen (\d+ s) ago/, 4500, size);
			assert.ok(ages.includes('9 s') && ages.includes('10 s') && ages.includes('11 s'), ages.join(', '));
			const text = screen.screen();
			assert.match(text, layout === 'panels' ? /│ last seen 1\d s ago +│/ : /^ {2}last seen 1\d s ago · ✔ 0 · unverified 0 · /m);
		});
	}

	it('9:59:59 → 10:00:00 up lays the header out again', async () => {
		const clock = shiftedClock();
		const model = quietCameras(clock, []);
		clock.shift = 10 * 3_600_000 - 2500;
		const screen = await dashboard(model);
		const uptimes = await watch(screen, /^esp-cam-monitor · up (\d+:\d\d:\d\d) · ● opening \/dev\/ttyACM0\s*$/m, 4000);
		assert.ok(uptimes.includes('9:59:59') && uptimes.includes('10:00:00'), uptimes.join(', '));
	});
});

describe('drawn over the frame or by Ink, the screen is the same', {timeout: 60_000}, () => {
	for (const [layout, size] of [
		['panels', PANELS],
		['compact lines', COMPACT],
	] as const) {
		it(`after ticks drawn by the screen alone, as a dashboard drawn afresh at that time (${layout}, colours too)`, async () => {
			const clock = {time: Date.now(), monotonicMs: () => clock.time, wallMs: () => clock.time};
			const heard: [number, number][] = [
				[GATE, 21_000],
				[PORCH, 33_000],
			];
			const ticked = await dashboard(quietCameras(clock, heard), size);
			const fresh = quietCameras(clock, heard);
			await ticked.waitFor(/up 0:00:00/);
			await delay(500);
			counts.reset();
			for (let second = 1; second <= 3; second++) {
				clock.time += 1000;
				await ticked.waitFor(new RegExp(`up 0:00:0${second}[\\s\\S]*last seen ${21 + second} s ago[\\s\\S]*last seen ${33 + second} s ago`));
			}

			assert.equal(counts.commits(), 0, 'the ticks were drawn by the screen alone');
			const drawn = await dashboard(fresh, size);
			await drawn.waitFor(/up 0:00:03/);
			await delay(300);
			assert.equal(ticked.screenWithColours(), drawn.screenWithColours());
		});
	}
});

describe('a ticking text not wholly in sight, or after characters of unsure width', {timeout: 60_000}, () => {
	for (const [what, prefix, width, shown, drawnByScreen] of [
		['in sight', 'up ', 20, 'up 14 s', true],
		['cut by its line', 'a long prefix ', 16, 'a long prefix 1…', false],
		['after a wide character', '門 ', 20, '門 14 s', false],
	] as const) {
		it(`${what}: ${drawnByScreen ? 'drawn by the screen' : 'laid out by Ink'} at each tick`, async () => {
			const ticks = new TickSource(11);
			const screen = await TmuxScreen.show(
				<NowContext.Provider value={ticks}>
					<Box width={width}>
						<Text wrap="truncate">
							{prefix}
							<TickingText dimColor text={now => `${now} s`} />
						</Text>
					</Box>
				</NowContext.Provider>,
				{columns: 30, rows: 5},
			);
			screens.push(screen);
			await screen.waitFor(/11 s|1…/);
			await delay(200);
			counts.reset();
			for (let second = 12; second <= 14; second++) {
				ticks.set(second);
				ticks.tick();
				await delay(150);
			}

			await screen.waitFor(new RegExp(`^${shown}\\s*$`, 'm'), 2000);
			if (drawnByScreen) assert.equal(counts.commits(), 0);
			else assert.ok(counts.commits() >= 3, `renders at each tick: ${counts.commits()}`);
		});
	}
});
