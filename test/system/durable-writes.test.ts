import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {CLI, runCli} from '../helpers/cli.js';
import {requireTool} from '../helpers/require-tool.js';
import {tempDir} from '../helpers/temp-dir.js';

/** The built CLI under strace, counting its fdatasync calls (all threads). */
function tracedCli(args: string[], trace: string) {
	requireTool('strace', 'strace');
	const child = spawn('strace', ['-f', '-qq', '-e', 'trace=fdatasync', '-o', trace, process.execPath, CLI, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	return {child, stdout: () => stdout, exited: once(child, 'exit')};
}

const syncedFiles = (trace: string) =>
	readFileSync(trace, 'utf8')
		.split('\n')
		.filter(line => /fdatasync\(\d+\)\s+= 0/.test(line)).length;
const images = (folder: string) => readdirSync(folder).filter(name => name.endsWith('.jpg')).length;

describe('durable image writes', {timeout: 60_000}, () => {
	it('live input: every saved image is flushed to the disk before it is named', async () => {
		const out = tempDir();
		const trace = path.join(tempDir(), 'trace');
		const run = tracedCli(['--demo', '--demo-cameras', '2', '--headless', '--out', out], trace);
		for (let tries = 0; tries < 300 && (run.stdout().match(/ saved /g)?.length ?? 0) < 3; tries++) await delay(100);
		// SIGINT to the monitor itself (strace's child), which finishes as on Ctrl-C.
		const monitor = spawnSync('pgrep', ['-P', String(run.child.pid)], {encoding: 'utf8'}).stdout.trim();
		assert.ok(monitor, 'the monitor runs under strace');
		process.kill(Number(monitor), 'SIGINT');
		await run.exited;
		const saved = images(out);
		assert.ok(saved >= 3, `images saved: ${saved}\n${run.stdout()}`);
		assert.ok(syncedFiles(trace) >= saved, `${syncedFiles(trace)} fdatasync calls for ${saved} images`);
	});

	it('a replay is not flushed image by image (it can be run again, and thousands would crawl)', async () => {
		const capture = path.join(tempDir(), 'capture.bin');
		assert.equal((await runCli(['simulate', capture, '--images', '6', '--seed', '4', '--size', '96x64'])).code, 0);
		const out = tempDir();
		const trace = path.join(tempDir(), 'trace');
		const run = tracedCli(['--replay', capture, '--out', out], trace);
		const [code] = (await run.exited) as [number];
		assert.equal(code, 0);
		assert.ok(images(out) >= 5);
		assert.equal(syncedFiles(trace), 0);
	});
});
