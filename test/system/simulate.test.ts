import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {startCli, runCli, type RunningCli} from '../helpers/cli.js';
import {openPtyPair, type PtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';
import {until} from '../helpers/until.js';

/** One small camera waking often: pictures are made in a second, then a steady stream. */
const BUSY_CAMERA = ['--cameras', '1', '--interval', '0.02', '--size', '96x64', '--seed', '5'];

/** Bytes the process has handed to write(2) so far (Linux). */
function bytesWritten(pid: number): number {
	return Number(/^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
}

/** Waits until the simulator has written something and then cannot write any more: nobody reads. */
async function untilBlocked(simulator: RunningCli): Promise<void> {
	const pid = simulator.process.pid!;
	let last = -1;
	let stillFor = 0;
	for (let waited = 0; waited < 20_000; waited += 100) {
		await delay(100);
		assert.equal(simulator.process.exitCode, null, `the simulator ended early: ${simulator.stderr()}`);
		const now = bytesWritten(pid);
		stillFor = now === last && now > 4096 ? stillFor + 100 : 0;
		if (stillFor >= 700) return;
		last = now;
	}

	throw new Error(`the simulator never blocked (${last} bytes written)`);
}

/** Counts what arrives at the host's end of the pair. */
function readHostEnd(pair: PtyPair): {bytes: () => number; stop: () => void} {
	const reader = spawn('cat', [pair.host], {stdio: ['ignore', 'pipe', 'ignore']});
	let bytes = 0;
	reader.stdout.on('data', (chunk: Buffer) => {
		bytes += chunk.length;
	});
	return {bytes: () => bytes, stop: () => reader.kill('SIGKILL')};
}

function assertOneLine(stderr: string, pattern: RegExp): void {
	assert.equal(stderr.split('\n').filter(Boolean).length, 1, `one line, no stack trace:\n${stderr}`);
	assert.match(stderr, pattern);
}

describe('simulate to a real pseudo-terminal pair', {timeout: 60_000}, () => {
	it('is paced like the real link by default, not as fast as the pty takes it', async () => {
		const pair = await openPtyPair(tempDir());
		const host = readHostEnd(pair);
		const simulator = startCli(['simulate', pair.relay, ...BUSY_CAMERA]);
		try {
			await until(() => host.bytes() > 0, 'the first bytes', 20_000);
			await delay(1000);
			const before = host.bytes();
			const started = performance.now();
			await delay(1500);
			const bytesPerSecond = ((host.bytes() - before) * 1000) / (performance.now() - started);
			// The relay's link gives tens of KB/s here; unpaced, the same command wrote tens of MB/s.
			assert.ok(bytesPerSecond > 0, 'it keeps sending');
			assert.ok(bytesPerSecond < 2_000_000, `${Math.round(bytesPerSecond)} bytes/s`);
			simulator.process.kill('SIGINT');
			const result = await simulator.done(3000);
			assert.equal(result.code, 0, result.stderr);
		} finally {
			simulator.process.kill('SIGKILL');
			host.stop();
			await pair.close();
		}
	});

	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		it(`stops at once on ${signal} while nobody reads the other end`, async () => {
			const pair = await openPtyPair(tempDir());
			const simulator = startCli(['simulate', pair.relay, ...BUSY_CAMERA]);
			try {
				await untilBlocked(simulator);
				const started = performance.now();
				simulator.process.kill(signal);
				const result = await simulator.done(3000);
				assert.equal(result.code, 0, result.stderr);
				assert.ok(performance.now() - started < 1500, `took ${Math.round(performance.now() - started)} ms`);
				assertOneLine(result.stderr, /^simulate: .* bytes written to .* \(stopped\)\n$/);
			} finally {
				simulator.process.kill('SIGKILL');
				await pair.close();
			}
		});
	}

	for (const reading of [true, false]) {
		it(`ends with one line and exit 1 when the other end goes away (EIO), ${reading ? 'while it is read' : 'while blocked on it'}`, async () => {
			const pair = await openPtyPair(tempDir());
			const host = reading ? readHostEnd(pair) : undefined;
			const simulator = startCli(['simulate', pair.relay, ...BUSY_CAMERA]);
			try {
				if (host) await until(() => host.bytes() > 0, 'the first bytes', 20_000);
				else await untilBlocked(simulator);
				await pair.close();
				const result = await simulator.done(3000);
				assert.equal(result.code, 1, result.stderr);
				assertOneLine(result.stderr, /^simulate: stopped, .*-relay is gone: its other end was closed.*; \d+ bytes written\n$/);
			} finally {
				simulator.process.kill('SIGKILL');
				host?.stop();
				await pair.close();
			}
		});
	}
});

describe('simulate to stdout and files', () => {
	it('a closed stdout (EPIPE) ends it with one line and exit 1', async () => {
		const simulator = startCli(['simulate', '-', '--cameras', '1', '--images', '2000', '--size', '96x64']);
		try {
			await until(() => simulator.stdout().length > 0, 'the first bytes', 20_000);
			simulator.process.stdout!.destroy();
			const result = await simulator.done(5000);
			assert.equal(result.code, 1, result.stderr);
			assertOneLine(result.stderr, /^simulate: stopped, stdout was closed by its reader \(EPIPE\); \d+ bytes written\n$/);
		} finally {
			simulator.process.kill('SIGKILL');
		}
	});

	it('a full disk (/dev/full) ends it with one line and exit 1; /dev/null is written like a file', async () => {
		const full = await runCli(['simulate', '/dev/full', '--cameras', '1', '--images', '3', '--size', '96x64'], {timeoutMs: 10_000});
		assert.equal(full.code, 1, full.stderr);
		assertOneLine(full.stderr, /^simulate: stopped, \/dev\/full is full: no space left on the device \(ENOSPC\); 0 bytes written\n$/);
		// A seed: 2% of wakes fail to capture (no image), so a random one sometimes gave 2 images of 3 wakes.
		const discarded = await runCli(['simulate', '/dev/null', '--cameras', '1', '--images', '3', '--size', '96x64', '--seed', '1'], {timeoutMs: 10_000});
		assert.equal(discarded.code, 0, discarded.stderr);
		assertOneLine(discarded.stderr, /^simulate: 3 images from 1 camera, .* [1-9]\d* bytes written to \/dev\/null\n$/);
	});
});
