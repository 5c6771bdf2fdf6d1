import assert from 'node:assert/strict';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {spawnSync} from 'node:child_process';
import {CLI, jsonEvents, startCli} from '../helpers/cli.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {halfAnImage, HALF_IMAGE_MAC} from '../helpers/half-image.js';
import {openPtyPair, writeToDevice} from '../helpers/pty-pair.js';
import {SteppedWallClock} from '../helpers/stepped-wall-clock.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

const GATE = HALF_IMAGE_MAC;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MINUTE_MS = 60_000;
const INTERVAL_MS = 2000;

/** The local time in a saved image's name (`<mac>_YYYYmmdd_HHMMSS_ffffff[_reason].jpg`), as epoch ms. */
function timeInName(file: string): number {
	const match = /_(\d{4})(\d\d)(\d\d)_(\d\d)(\d\d)(\d\d)_\d{6}/.exec(path.basename(file));
	assert.ok(match, `a gallery name: ${file}`);
	const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number, number, number, number];
	return new Date(year, month - 1, day, hours, minutes, seconds).getTime();
}

function assertNear(actual: number, expected: number, what: string): void {
	assert.ok(Math.abs(actual - expected) < MINUTE_MS, `${what}: ${new Date(actual).toISOString()}, expected about ${new Date(expected).toISOString()}`);
}

describe('a wall clock that steps (NTP on a Pi without a real-time clock), with libfaketime', {timeout: 90_000}, () => {
	it('headless: an abandoned image still closes after --timeout, overdue does not jump, names and times follow the wall clock', async () => {
		const root = tempDir();
		const wall = new SteppedWallClock(root);
		const pair = await openPtyPair(root);
		const cameras = path.join(root, 'cameras.json');
		writeFileSync(cameras, JSON.stringify({'24:0a:1b:2c:3d:4e': {name: 'gate', interval: `${INTERVAL_MS}ms`}}));
		const monitor = startCli(['--headless', '--json', '--port', pair.host, '--out', path.join(root, 'out'), '--timeout', '2', '--cameras', cameras], {env: wall.env});
		try {
			await monitor.waitFor(/"state":"connected"/);
			writeToDevice(pair.relay, encodeFrames(wakeFrames(GATE, fakeJpeg(600, 1))));
			await monitor.waitFor(/"outcome":"verified"/);

			// An image left open, then the clock goes back an hour.
			halfAnImage(pair.relay);
			await delay(500);
			wall.step('-1h');
			const abandoned = JSON.parse(await monitor.waitFor(/"reason":"timeout"/, 10_000)) as Record<string, string>;
			assertNear(Date.parse(abandoned.time!), Date.now() - HOUR_MS, 'the event tells the wall time');
			assertNear(timeInName(abandoned.path!), Date.now() - HOUR_MS, 'the file is named by the wall time');

			// Three days forward, and the camera wakes again.
			wall.step('+3d');
			writeToDevice(pair.relay, encodeFrames(wakeFrames(GATE, fakeJpeg(700, 2))));
			const later = JSON.parse(await monitor.waitFor(/"bytes":700/, 10_000)) as Record<string, string>;
			assert.equal(later.outcome, 'verified');
			assertNear(timeInName(later.path!), Date.now() + 3 * DAY_MS, 'named by the wall time after the step');

			// Silent from now on: overdue after 3 intervals of real silence, not at once for 3 days of it.
			const overdue = JSON.parse(await monitor.waitFor(/"event":"overdue"/, 20_000)) as Record<string, unknown>;
			const silentMs = overdue.silentMs as number;
			assert.ok(silentMs > 3 * INTERVAL_MS && silentMs < MINUTE_MS, `silent for ${silentMs} ms`);
			assertNear(Date.parse(overdue.lastHeardAt as string), Date.now() + 3 * DAY_MS, 'last heard, on the wall clock');
			assert.equal(jsonEvents(monitor.stdout()).filter(event => event.event === 'overdue').length, 1);
		} finally {
			monitor.process.kill('SIGINT');
			const result = await monitor.done();
			await pair.close();
			assert.equal(result.code, 0, result.stderr);
		}
	});

	it('dashboard: uptime and "s ago" stay durations when the clock steps back an hour and forward three days', async () => {
		const root = tempDir();
		const wall = new SteppedWallClock(root);
		const pair = await openPtyPair(root);
		const exitFile = path.join(root, 'exit');
		const command = `${process.execPath} ${CLI} --port ${pair.host} --out ${path.join(root, 'out')} --previews off; echo $? > ${exitFile}; sleep 60`;
		const terminal = new TmuxTerminal(command, {columns: 100, rows: 30}, {TERM: 'xterm-256color', ...wall.env});
		const sane = /up 0:00:\d\d /;
		try {
			await terminal.waitFor(screen => screen.includes('connected') && sane.test(screen), 'the dashboard, connected');
			writeToDevice(pair.relay, encodeFrames(wakeFrames(GATE, fakeJpeg(600, 1))));
			await terminal.waitFor(screen => /\(\d s ago\)/.test(screen), 'the image, a few seconds ago');

			wall.step('-1h');
			await delay(2500);
			let screen = terminal.screen();
			assert.match(screen, sane, `uptime after the step back:\n${screen}`);
			assert.match(screen, /\(\d s ago\)/, `the last image, a few seconds ago:\n${screen}`);

			wall.step('+3d');
			await delay(2500);
			screen = terminal.screen();
			assert.match(screen, sane, `uptime after three days forward:\n${screen}`);
			assert.match(screen, /\(\d+ s ago\)/, `the last image, seconds ago, not days:\n${screen}`);

			terminal.press('q');
			await terminal.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '', 'exit', 10_000);
			assert.equal(readFileSync(exitFile, 'utf8').trim(), '0');
		} finally {
			terminal.close();
			await pair.close();
		}
	});

	it('the screen: a step back right after a resize does not draw whole frames for an hour', () => {
		const root = tempDir();
		const wall = new SteppedWallClock(root);
		const module = (name: string) => JSON.stringify(fileURLToPath(new URL(name, import.meta.url)));
		// Whole frames are drawn for a second after a resize; then only the lines that changed.
		const script = `
			import {EventEmitter} from 'node:events';
			import {ScreenOutput} from ${module('../../source/terminal/screen-output.ts')};
			import {SteppedWallClock} from ${module('../helpers/stepped-wall-clock.ts')};
			const terminal = Object.assign(new EventEmitter(), {columns: 80, rows: 24, destroyed: false, written: [], write(text) { this.written.push(text); return true; }});
			const output = new ScreenOutput(terminal);
			output.write('a\\nb\\n');
			terminal.emit('resize');
			new SteppedWallClock(${JSON.stringify(root)}).step('-1h');
			await new Promise(resolve => setTimeout(resolve, 1500));
			output.write('a\\nc\\n');
			output.write('a\\nd\\n');
			output.dispose();
			process.stdout.write(JSON.stringify(terminal.written.at(-1)));
		`;
		const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {env: {...process.env, ...wall.env}, encoding: 'utf8', timeout: 30_000});
		assert.equal(child.status, 0, child.stderr);
		assert.equal(JSON.parse(child.stdout), '\u001B[2;1H\u001B[2Kd', 'only the line that changed');
	});
});
