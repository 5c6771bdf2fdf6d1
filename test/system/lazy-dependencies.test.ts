import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {CLI} from '../helpers/cli.js';
import {freePort} from '../helpers/free-port.js';
import {requireTool} from '../helpers/require-tool.js';
import {tempDir} from '../helpers/temp-dir.js';

/** The packages under node_modules the CLI opened while replaying an empty capture with `args` (traced with strace). */
function packagesOpened(args: string[]): Set<string> {
	requireTool('strace', 'strace');
	const folder = tempDir();
	const capture = path.join(folder, 'empty.bin');
	const trace = path.join(folder, 'trace.txt');
	writeFileSync(capture, '');
	const run = spawnSync('strace', ['-f', '-e', 'trace=openat', '-o', trace, process.execPath, CLI, '--replay', capture, '--out', path.join(folder, 'out'), ...args], {
		encoding: 'utf8',
		timeout: 30_000,
	});
	assert.equal(run.status, 0, run.stderr);
	return new Set([...readFileSync(trace, 'utf8').matchAll(/node_modules\/((?:@[^/"]+\/)?[^/"]+)/g)].map(match => match[1]!));
}

// Each package loaded costs start-up time (a Pi runs JavaScript 8-10x slower): those of outputs not asked for are not loaded.
describe('start-up loads only what is used', {timeout: 60_000}, () => {
	it('does not load prom-client without --metrics, and loads it with', async () => {
		assert.ok(!packagesOpened([]).has('prom-client'));
		assert.ok(packagesOpened(['--metrics', `127.0.0.1:${await freePort()}`]).has('prom-client'));
	});
});
