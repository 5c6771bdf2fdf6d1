import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, it} from 'node:test';
import {CLI} from './helpers/cli.js';
import {freePort} from './helpers/free-port.js';
import {requireTool} from './helpers/require-tool.js';
import {tempDir} from './helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The files under node_modules that `command` opened (traced with strace), as package/path. */
function filesOpened(command: string[]): string[] {
	requireTool('strace', 'strace');
	const trace = path.join(tempDir(), 'trace.txt');
	const run = spawnSync('strace', ['-f', '-e', 'trace=openat', '-o', trace, ...command], {cwd: ROOT, encoding: 'utf8', timeout: 30_000});
	assert.equal(run.status, 0, run.stderr);
	return [...readFileSync(trace, 'utf8').matchAll(/node_modules\/([^"]+)"/g)].map(match => match[1]!);
}

/** The packages the CLI opened while replaying an empty capture with `args`. */
function packagesOpened(args: string[]): Set<string> {
	const folder = tempDir();
	const capture = path.join(folder, 'empty.bin');
	writeFileSync(capture, '');
	const files = filesOpened([process.execPath, CLI, '--replay', capture, '--out', path.join(folder, 'out'), ...args]);
	return new Set(files.map(file => /^(?:@[^/]+\/)?[^/]+/.exec(file)![0]));
}

// Each package loaded costs start-up time (a Pi runs JavaScript 8-10x slower): those of outputs not asked for are not loaded.
describe('start-up loads only what is used', {timeout: 60_000}, () => {
	it('does not load prom-client without --metrics, and loads it with', async () => {
		assert.ok(!packagesOpened([]).has('prom-client'));
		assert.ok(packagesOpened(['--metrics', `127.0.0.1:${await freePort()}`]).has('prom-client'));
	});

	// patches/ink+6.8.0.patch (applied by npm install): Ink imported all of es-toolkit/compat for its throttle.
	it('loads only the throttle of es-toolkit with Ink, not all of es-toolkit/compat', () => {
		const files = filesOpened([process.execPath, '--input-type=module', '--eval', "await import('ink')"]);
		assert.ok(files.some(file => file.startsWith('ink/')), 'Ink was loaded');
		assert.deepEqual(files.filter(file => file.startsWith('es-toolkit/dist/compat/index')), []);
	});
});
