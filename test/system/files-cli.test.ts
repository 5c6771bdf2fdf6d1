import assert from 'node:assert/strict';
import {mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {encodeFrame} from '../../source/core/protocol/frame-encoder.js';
import {jsonEvents, runCli, startCli} from '../helpers/cli.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {tempDir} from '../helpers/temp-dir.js';
import {smallDisk} from '../helpers/tmpfs.js';

/** A stream of `count` whole images (HASH, DATA, EOF) from two cameras. */
function imagesStream(count: number, bytes = 20_000): Buffer {
	const parts: Buffer[] = [];
	for (let i = 0; i < count; i++) {
		const mac = 0x240a1b2c3d40 + (i % 2);
		for (const frame of wakeFrames(mac, fakeJpeg(bytes, i + 1))) parts.push(encodeFrame(frame.mac, frame.type, frame.sequence, frame.payload));
	}

	return Buffer.concat(parts);
}

function filesBelow(folder: string): string[] {
	return readdirSync(folder, {recursive: true, withFileTypes: true})
		.filter(entry => entry.isFile())
		.map(entry => path.relative(folder, path.join(entry.parentPath ?? entry.path, entry.name)))
		.sort();
}

describe('the CLI on a full disk', {timeout: 60_000}, () => {
	it('names the images it could not write, says so in the summary, removes its temporary files, and exits 1', async () => {
		const disk = smallDisk();
		const out = path.join(disk.dir, 'out');
		mkdirSync(out);
		const replayFile = path.join(tempDir(), 'in.bin');
		writeFileSync(replayFile, imagesStream(6));
		disk.fill();
		const result = await runCli(['--replay', replayFile, '--out', out], {timeoutMs: 20_000});
		assert.equal(result.code, 1, result.stderr);
		assert.match(result.stderr, /^esp-cam-monitor: 6 images could not be written \(no space left on the device\):\n/);
		const named = result.stderr.split('\n').filter(line => line.startsWith(`  ${out}/`));
		assert.equal(named.length, 6, result.stderr);
		assert.doesNotMatch(result.stderr, /\n\s+at /);
		assert.match(result.stdout, /summary .*, 6 not written/);
		assert.deepEqual(
			filesBelow(out).filter(name => name.endsWith('.partial')),
			[],
		);
	});

	it('writes everything and exits 0 when the disk has room', async () => {
		const disk = smallDisk();
		const out = path.join(disk.dir, 'out');
		const replayFile = path.join(tempDir(), 'in.bin');
		writeFileSync(replayFile, imagesStream(6));
		const result = await runCli(['--replay', replayFile, '--out', out], {timeoutMs: 20_000});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(filesBelow(out).filter(name => name.endsWith('.jpg')).length, 6);
	});
});

describe('--out where nothing can ever be written', {timeout: 60_000}, () => {
	const empty = () => {
		const file = path.join(tempDir(), 'empty.bin');
		writeFileSync(file, '');
		return file;
	};

	for (const [what, out] of [
		['/proc', '/proc/esp-cam-monitor-test'],
		['below a regular file', '/etc/hostname/images'],
	] as const) {
		it(`exits 1 at once naming the path: ${what}`, async () => {
			const result = await runCli(['--replay', empty(), '--out', out], {timeoutMs: 10_000});
			assert.equal(result.signal, null, 'killed: it did not end by itself');
			assert.equal(result.code, 1);
			assert.match(result.stderr, new RegExp(`^esp-cam-monitor: cannot use output folder ${out}: `));
		});
	}

	it('exits 1 at once naming the path: a read-only file system (the folder exists)', async () => {
		const disk = smallDisk();
		const out = path.join(disk.dir, 'out');
		mkdirSync(path.join(out, 'incomplete'), {recursive: true});
		disk.readOnly();
		const result = await runCli(['--replay', empty(), '--out', out], {timeoutMs: 10_000});
		assert.equal(result.code, 1);
		assert.match(result.stderr, new RegExp(`^esp-cam-monitor: cannot use output folder ${out}: read-only file system\\n$`));
	});
});

describe('a run killed with SIGKILL', {timeout: 60_000}, () => {
	it('leaves temporary files that the next run removes, and nothing else', async () => {
		const out = tempDir();
		const killed = startCli(['--demo', '--demo-cameras', '2', '--json', '--out', out]);
		await killed.waitFor(/"event":"notice"/);
		killed.process.kill('SIGKILL');
		await killed.done();
		const pid = killed.process.pid!;
		// What a write cut short at that moment leaves.
		const temporaries = [`.240ac4008d10_20261124_010106_850000.jpg.${pid}-3.partial`, `incomplete/.240ac4008d10_20261124_010107_000001_gap.jpg.${pid}-4.partial`];
		for (const name of temporaries) writeFileSync(path.join(out, name), 'half an image');
		writeFileSync(path.join(out, '.keep-me.partial'), 'not ours');
		const before = filesBelow(out);
		const emptyReplay = path.join(tempDir(), 'empty.bin');
		writeFileSync(emptyReplay, '');
		const next = await runCli(['--replay', emptyReplay, '--out', out, '--json']);
		assert.equal(next.code, 0, next.stderr);
		const after = filesBelow(out);
		assert.deepEqual(
			after,
			before.filter(name => !/\.\d+-\d+\.partial$/.test(name)),
		);
		assert.ok(after.includes('.keep-me.partial'));
		const notice = jsonEvents(next.stdout).find(event => event.event === 'notice');
		assert.match(String(notice?.message), /^removed \d+ temporary files? left in .* by a run that was killed$/);
	});
});

describe('--record on a disk that fills up', {timeout: 60_000}, () => {
	it('says so at once, resumes when there is room again, and exits 0 when nothing was lost', async () => {
		const disk = smallDisk();
		const record = path.join(disk.dir, 'record.bin');
		const monitor = startCli(['--demo', '--demo-cameras', '2', '--json', '--out', tempDir(), '--record', record]);
		try {
			// Running, and no byte received yet: the first bytes find the disk full.
			await monitor.waitFor(/"event":"notice"/);
			disk.fill();
			const failing = JSON.parse(await monitor.waitFor(/"event":"record"/, 15_000)) as Record<string, unknown>;
			assert.equal(failing.state, 'failing');
			assert.equal(failing.message, 'no space left on the device');
			disk.free();
			const resumed = JSON.parse(await monitor.waitFor(/"state":"recording"/, 15_000)) as Record<string, unknown>;
			assert.equal(resumed.lostBytes, 0);
		} finally {
			monitor.process.kill('SIGINT');
		}

		const result = await monitor.done();
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stderr, '');
	});

	it('ends with one plain line, not a stack trace, when bytes could not be recorded', async () => {
		const disk = smallDisk();
		const record = path.join(disk.dir, 'record.bin');
		const monitor = startCli(['--demo', '--demo-cameras', '2', '--json', '--out', tempDir(), '--record', record]);
		try {
			// Running, and no byte received yet: the first bytes find the disk full.
			await monitor.waitFor(/"event":"notice"/);
			disk.fill();
			await monitor.waitFor(/"event":"record"/, 15_000);
		} finally {
			monitor.process.kill('SIGINT');
		}

		const result = await monitor.done();
		assert.equal(result.code, 1);
		assert.match(
			result.stderr,
			new RegExp(
				`^esp-cam-monitor: record file ${record} is missing \\d+ bytes received while it could not be written \\(no space left on the device\\): it is not byte-exact\\n$`,
			),
		);
	});
});

describe('stopping a live run while images wait for a retry', {timeout: 60_000}, () => {
	it('tries once more, names what it still cannot write, and exits 1', async () => {
		const disk = smallDisk();
		const out = path.join(disk.dir, 'out');
		const monitor = startCli(['--demo', '--demo-cameras', '3', '--json', '--out', out]);
		try {
			await monitor.waitFor(/"event":"notice"/);
			disk.fill();
			await monitor.waitFor(/"event":"write-error".*\.jpg"/, 15_000);
		} finally {
			monitor.process.kill('SIGINT');
		}

		const result = await monitor.done();
		assert.equal(result.code, 1, result.stderr);
		const [first, ...rest] = result.stderr.trimEnd().split('\n');
		assert.match(first!, /^esp-cam-monitor: \d+ images? could not be written \(no space left on the device\):$/);
		const named = rest.filter(line => line.startsWith('  '));
		assert.ok(named.length > 0 && named.every(line => line.startsWith(`  ${out}/`) && line.endsWith('.jpg')), result.stderr);
		// The camera's HASH reading could not be written either.
		assert.match(rest.at(-1)!, new RegExp(`^\\d+ lines? could not be written to ${out}/volt\\.log \\(no space left on the device\\)$`));
		const summary = jsonEvents(result.stdout).find(event => event.event === 'summary');
		assert.equal(summary?.imagesNotWritten, named.length);
		assert.deepEqual(
			filesBelow(out).filter(name => name.endsWith('.partial')),
			[],
		);
	});
});
