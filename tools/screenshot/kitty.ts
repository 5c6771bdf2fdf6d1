import {type ChildProcess, execFileSync, spawn} from 'node:child_process';

/** kitty draws Unicode placeholders (what the dashboard's kitty pictures are made of) from 0.28 on. */
const PLACEHOLDERS_SINCE = [0, 28] as const;

/**
 * The kitty to run: `$KITTY`, else `kitty` on the PATH. Fails, saying why,
 * unless it is 0.28 or later (Debian 12's is 0.26, which the dashboard rightly
 * gives no kitty pictures: point KITTY at a newer build).
 */
export function findKitty(): string {
	const kitty = process.env.KITTY ?? 'kitty';
	let said: string;
	try {
		said = execFileSync(kitty, ['--version']).toString().trim();
	} catch {
		throw new Error(`no kitty to run (${kitty}): install kitty 0.28 or later, or set KITTY to one`);
	}

	const [major = 0, minor = 0] = /(\d+)\.(\d+)/.exec(said)?.slice(1).map(Number) ?? [];
	if (major < PLACEHOLDERS_SINCE[0] || (major === PLACEHOLDERS_SINCE[0] && minor < PLACEHOLDERS_SINCE[1])) {
		throw new Error(`${kitty} says "${said}": kitty pictures need kitty 0.28 or later (set KITTY to one)`);
	}

	return kitty;
}

/**
 * Starts kitty (columns x rows cells, the given window title and font) running
 * `command`, with none of the developer's kitty.conf. Xvfb has no GPU: Mesa's
 * software renderer gives kitty the OpenGL 3.3 it needs.
 */
export function startKitty(
	kitty: string,
	display: string,
	window: {title: string; columns: number; rows: number; font: string; fontSize: number},
	command: string[],
): ChildProcess {
	const env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', LANG: 'C.UTF-8', DISPLAY: display, LIBGL_ALWAYS_SOFTWARE: '1'};
	const options = {
		font_family: window.font,
		font_size: String(window.fontSize),
		remember_window_size: 'no',
		initial_window_width: `${window.columns}c`,
		initial_window_height: `${window.rows}c`,
		window_padding_width: '4.5', // points: about xterm's 6-pixel border
		background: '#1d1f21',
		foreground: '#c5c8c6',
		cursor_blink_interval: '0',
		enable_audio_bell: 'no',
		shell_integration: 'disabled',
	};
	const args = ['--config', 'NONE', '--title', window.title, ...Object.entries(options).flatMap(([name, value]) => ['-o', `${name}=${value}`]), ...command];
	// stderr stays: kitty says there why it cannot start (no OpenGL 3.3, no display).
	return spawn(kitty, args, {env, stdio: ['ignore', 'ignore', 'inherit']});
}
