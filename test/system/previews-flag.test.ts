import assert from 'node:assert/strict';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {viewReducer, initialViewState, type ViewState} from '../../source/dashboard/view-state.js';
import {PreviewCache} from '../../source/dashboard/preview/preview-cache.js';
import {CLI, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

const QUADRANT_ONLY = /│ *[▀▄█▌▐▖▗▘▙▚▛▜▝▞▟][▀▄█▌▐▖▗▘▙▚▛▜▝▞▟ ]{3,}│/;
const SEXTANT = /[\u{1FB00}-\u{1FB3B}]/u;
const footer = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';

describe('--previews', () => {
	it('refuses a value it does not know, naming the flag and the choices (exit 2)', async () => {
		const result = await runCli(['--previews', 'ascii', '--replay', '-']);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /--previews must be "auto" or "kitty" or "iterm" or "sixel" or "octant" or "sextant" or "quadrant" or "half" or "spaces" or "off" \(got "ascii"\)/);
	});

	it('is accepted headless too, where it changes nothing', async () => {
		const result = await runCli(['--previews', 'octant', '--replay', '-'], {input: Buffer.alloc(0)});
		assert.equal(result.code, 0, result.stderr);
	});

	it('is in --help', async () => {
		const {stdout} = await runCli(['--help']);
		assert.match(stdout, /--previews <how> +Pictures in the dashboard: auto, kitty, iterm, sixel \(pixels\), octant,/);
		assert.match(stdout, /P preview cells/);
	});
});

describe('previews in a real terminal (tmux)', {timeout: 90_000}, () => {
	it('auto draws quadrants inside tmux; P steps to half blocks, spaces, octants, sextants; p still turns them off and on', async () => {
		const out = path.join(tempDir(), 'images');
		const terminal = new TmuxTerminal(`${process.execPath} ${CLI} --demo --demo-cameras 3 --out ${out}; sleep 60`, {columns: 120, rows: 40}, {TERM: 'xterm-256color'});
		try {
			await terminal.waitFor(screen => QUADRANT_ONLY.test(screen) && footer(screen).includes('p/P previews on (quadrant)'), 'quadrant previews', 45_000);
			terminal.press('P');
			await terminal.waitFor(screen => footer(screen).includes('previews on (half)'), 'half blocks after P');
			// Each picture stays as it was until it is drawn again in the new mode.
			await terminal.waitFor(screen => /│ *[▀▄█][▀▄█ ]{3,}│/.test(screen) && !/[▖▗▘▙▚▛▜▝▞▟]/.test(screen), 'half-block pictures, no quadrants left');
			terminal.press('P');
			await terminal.waitFor(screen => footer(screen).includes('previews on (spaces)'), 'coloured spaces after P');
			terminal.press('P');
			await terminal.waitFor(screen => footer(screen).includes('previews on (octant)'), 'octants after P');
			terminal.press('P');
			await terminal.waitFor(screen => footer(screen).includes('previews on (sextant)') && SEXTANT.test(screen), 'sextant pictures after P');
			terminal.press('p');
			await terminal.waitFor(screen => footer(screen).includes('previews off') && !SEXTANT.test(screen), 'previews off after p');
			terminal.press('p');
			await terminal.waitFor(screen => footer(screen).includes('previews on (sextant)') && SEXTANT.test(screen), 'the same mode back after p');
			terminal.press('?');
			await terminal.waitFor(
				screen => /p {2}P +previews on\/off · P cells: sextant \(quadrant at start: auto, in tmux: terminal unknown\)/.test(screen),
				'the mode and why on the help screen',
			);
			terminal.press('q');
		} finally {
			terminal.close();
		}
	});

	it('pixel graphics asked for are used whatever the terminal answers, and help says what it answered', async () => {
		const out = path.join(tempDir(), 'images');
		const terminal = new TmuxTerminal(`${process.execPath} ${CLI} --demo --demo-cameras 1 --previews sixel --out ${out}; sleep 60`);
		try {
			await terminal.waitFor(screen => footer(screen).includes('previews on (sixel)'), 'the footer');
			terminal.press('?');
			await terminal.waitFor(screen => screen.includes('P cells: sixel (--previews sixel (the terminal: '), 'the help screen');
			terminal.press('q');
		} finally {
			terminal.close();
		}
	});

	it('--previews off starts without previews; p turns them on; without colour they stay off', async () => {
		const out = path.join(tempDir(), 'images');
		const terminal = new TmuxTerminal(`${process.execPath} ${CLI} --demo --demo-cameras 1 --previews off --out ${out}; sleep 60`);
		const plain = new TmuxTerminal(`${process.execPath} ${CLI} --demo --demo-cameras 1 --previews octant --out ${out}-plain; sleep 60`, undefined, {NO_COLOR: '1'});
		try {
			await terminal.waitFor(screen => footer(screen).includes('p/P previews off'), 'previews off at start');
			terminal.press('p');
			await terminal.waitFor(screen => footer(screen).includes('previews on (quadrant)'), 'previews on after p');
			await plain.waitFor(screen => footer(screen).includes('p previews off (no colour)'), 'no previews without colour');
			plain.press('P');
			await delay(500);
			assert.match(footer(plain.screen()), /p previews off \(no colour\)/);
			terminal.press('q');
			plain.press('q');
		} finally {
			terminal.close();
			plain.close();
		}
	});
});

describe('preview mode at run time', () => {
	it('P steps the mode while previews are on, and brings previews back as they were when off', () => {
		let state: ViewState = {...initialViewState, previewMode: 'quadrant'};
		state = viewReducer(state, {type: 'next-preview-mode'});
		assert.equal(state.previewMode, 'half');
		state = viewReducer(state, {type: 'next-preview-mode'});
		assert.equal(state.previewMode, 'spaces');
		// With the terminal's pixel graphics, they are one of the choices, before the finest cells.
		state = viewReducer(state, {type: 'next-preview-mode', pixels: 'kitty'});
		assert.equal(state.previewMode, 'kitty');
		state = viewReducer(state, {type: 'next-preview-mode', pixels: 'kitty'});
		assert.equal(state.previewMode, 'octant');
		state = viewReducer(state, {type: 'next-preview-mode'});
		state = viewReducer(state, {type: 'next-preview-mode'});
		state = viewReducer(state, {type: 'next-preview-mode'});
		assert.equal(state.previewMode, 'half');
		state = viewReducer(state, {type: 'toggle-previews'});
		state = viewReducer(state, {type: 'next-preview-mode'});
		assert.deepEqual([state.previews, state.previewMode], [true, 'half']);
	});

	it('the cache renders once per image, size and mode; a picture in a new mode stays as it was until drawn', async () => {
		const asked: string[] = [];
		let finish!: () => void;
		const cache = new PreviewCache(async (file, width, height, mode) => {
			asked.push(`${mode} ${width}x${height} ${file}`);
			if (mode === 'octant') await new Promise<void>(resolve => (finish = resolve));
			return `${mode} picture`;
		}, 'half');
		cache.get('a.jpg', 30, 6);
		await delay(10);
		assert.deepEqual(cache.get('a.jpg', 30, 6), {state: 'ready', text: 'half picture'});
		cache.setMode('octant');
		assert.deepEqual(cache.get('a.jpg', 30, 6), {state: 'ready', text: 'half picture'}, 'the half-block picture while octants are made');
		await delay(10);
		finish();
		await delay(10);
		assert.deepEqual(cache.get('a.jpg', 30, 6), {state: 'ready', text: 'octant picture'});
		cache.setMode('half');
		assert.deepEqual(cache.get('a.jpg', 30, 6), {state: 'ready', text: 'half picture'});
		assert.deepEqual(asked, ['half 30x6 a.jpg', 'octant 30x6 a.jpg']);
	});
});
