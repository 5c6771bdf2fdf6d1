import assert from 'node:assert/strict';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {CLI} from '../helpers/cli.js';
import {PtyProcess} from '../helpers/pty-process.js';
import {requireTool} from '../helpers/require-tool.js';
import {tempDir} from '../helpers/temp-dir.js';

/**
 * Loaded into the CLI before it starts: at the first write that holds the
 * footer (the last line of a full frame) it writes the Node modules loaded so
 * far into the marker file, an open strace sees between the files opened
 * before the first frame and after.
 */
const FIRST_FRAME_MARKER = `
import {writeFileSync} from 'node:fs';
let marker = process.env.FIRST_FRAME_MARKER;
const write = process.stdout.write;
process.stdout.write = function (chunk, ...rest) {
	if (marker && String(chunk).replaceAll(/\\u001B\\[[\\d;?]*[A-Za-z]/g, '').includes('q quit')) {
		writeFileSync(marker, process.moduleLoadList.join('\\n'));
		marker = undefined;
	}
	return write.call(this, chunk, ...rest);
};
`;

/** The dashboard (demo relay) in a 120x40 pty under strace: the files it opened before its first frame, and Node's own modules loaded by then. */
async function loadedBeforeFirstFrame(): Promise<{files: string[]; nodeModules: string[]}> {
	requireTool('strace', 'strace');
	const folder = tempDir();
	const preload = path.join(folder, 'first-frame-marker.mjs');
	const marker = path.join(folder, 'frame-drawn');
	const trace = path.join(folder, 'trace.txt');
	writeFileSync(preload, FIRST_FRAME_MARKER);
	const command = ['strace', '-f', '-e', 'trace=openat', '-o', trace, process.execPath, '--import', preload, CLI, '--demo', '--out', path.join(folder, 'images')];
	const terminal = new PtyProcess(folder, command, {columns: 120, rows: 40}, {FIRST_FRAME_MARKER: marker, TMUX: '', KITTY_WINDOW_ID: '', TERM_PROGRAM: '', LC_TERMINAL: ''});
	try {
		for (let waited = 0; !existsSync(marker); waited += 50) {
			if (waited > 30_000) throw new Error(`no first frame after 30 s; output:\n${terminal.output().slice(-2000)}`);
			await delay(50);
		}

		terminal.type('q');
		assert.equal((await terminal.exit(15_000)).code, 0);
	} finally {
		terminal.kill();
	}

	const lines = readFileSync(trace, 'utf8').split('\n');
	const markerAt = lines.findIndex(line => line.includes(`"${marker}"`));
	assert.ok(markerAt >= 0, 'the first frame was written');
	const files = lines.slice(0, markerAt).flatMap(line => /openat\(.*?"([^"]+)"/.exec(line)?.[1] ?? []);
	return {files, nodeModules: readFileSync(marker, 'utf8').split('\n')};
}

// A Pi runs JavaScript 8-10x slower than a desktop: what the first frame does not draw is loaded after it.
describe('before the first frame', {timeout: 90_000}, () => {
	it("loads no TOML parser without a config file, no output not asked for, no terminal probe, no picture encoder, and not Node's fetch", async () => {
		const {files, nodeModules} = await loadedBeforeFirstFrame();
		assert.ok(
			files.some(file => file.includes('/node_modules/ink/')),
			'Ink is loaded before it',
		);
		assert.deepEqual(
			files.filter(file => file.includes('/node_modules/smol-toml/')),
			[],
		);
		assert.deepEqual(
			files.filter(file => /\/(metrics-sink|metrics-server|influx-sink|mqtt-sink)\.js$/.test(file)),
			[],
		);
		assert.deepEqual(
			files.filter(file => /\/terminal-probe[\w-]*\.js$/.test(file)),
			[],
		);
		assert.deepEqual(
			nodeModules.filter(name => name.includes('undici')),
			[],
		);
		// The pixel-graphics encoders: only the preview thread runs them.
		assert.deepEqual(
			files.filter(file => /\/(png-encoder|sixel-encoder|inline-image|kitty-picture)\.js$/.test(file)),
			[],
		);
		// es-toolkit's compat bundle (Ink's throttle) and react-reconciler's export scan (patches/ink+6.8.0.patch).
		assert.deepEqual(
			files.filter(file => file.includes('/es-toolkit/dist/compat/array/')),
			[],
		);
	});
});
