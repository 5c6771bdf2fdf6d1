import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {ImageStore, type ImageStoreOptions, type WriteFailure} from '../../source/io/store/image-store.js';
import type {ImageResult, Telemetry} from '../../source/core/reassembly/reassembler.js';
import {fakeJpeg} from '../helpers/camera-frames.js';
import {tempDir} from '../helpers/temp-dir.js';
import {smallDisk} from '../helpers/tmpfs.js';

const MAC = 0x240a1b2c3d4e;

function result(data: Buffer, overrides: Partial<ImageResult> = {}): ImageResult {
	return {mac: MAC, outcome: 'verified', data, chunks: 1, missingFrames: 0, startedAt: 0, endedAt: Date.now(), ...overrides};
}

/** Every file below `folder`, as paths relative to it. */
/** An ImageStore on a fresh small tmpfs, its folders made; failures collected. */
async function storeOnSmallDisk(options: Partial<ImageStoreOptions> = {}) {
	const disk = smallDisk();
	const out = path.join(disk.dir, 'out');
	const failures: WriteFailure[] = [];
	const store = new ImageStore({outDir: out, onWriteError: failure => failures.push(failure), ...options});
	await store.prepare();
	return {disk, out, store, failures};
}

function allFiles(folder: string): string[] {
	return readdirSync(folder, {recursive: true, withFileTypes: true})
		.filter(entry => entry.isFile())
		.map(entry => path.relative(folder, path.join(entry.parentPath ?? entry.path, entry.name)))
		.sort();
}

/** The pid of a process that has been killed (SIGKILL) and reaped. */
async function deadPid(): Promise<number> {
	const child = spawn('sleep', ['30']);
	const pid = child.pid!;
	child.kill('SIGKILL');
	await once(child, 'exit');
	return pid;
}

describe('ImageStore on a real, full disk', () => {
	it('a write that fails for lack of space leaves no temporary file behind', async () => {
		const {disk, out, store, failures} = await storeOnSmallDisk();
		disk.fill();
		void store.save(result(fakeJpeg(40_000)));
		void store.save(result(fakeJpeg(30_000, 2), {outcome: 'incomplete', reason: 'gap'}));
		await store.idle();
		assert.equal(failures.length, 2);
		assert.equal(failures[0]!.error.code, 'ENOSPC');
		assert.deepEqual(
			allFiles(out).filter(name => name.endsWith('.partial')),
			[],
		);
		await store.flush();
	});

	it('writes the waiting images once the disk has room again', async () => {
		const {disk, store} = await storeOnSmallDisk();
		disk.fill();
		const image = fakeJpeg(50_000, 3);
		const saved = store.save(result(image));
		await store.idle();
		assert.equal(store.counters.writeErrors, 1);
		disk.free();
		store.retryFailed();
		const file = await saved;
		assert.deepEqual(readFileSync(file!), image);
		await store.flush();
		assert.equal(store.counters.imagesNotWritten, 0);
	});

	it('reports each image when it first fails, then one line per retry round while the disk stays full', async () => {
		const {disk, store, failures} = await storeOnSmallDisk();
		disk.fill();
		for (let i = 0; i < 5; i++) void store.save(result(fakeJpeg(10_000, i + 10)));
		await store.idle();
		assert.equal(failures.length, 5);
		store.retryFailed();
		await store.idle();
		assert.equal(failures.length, 6);
		assert.equal(store.counters.writeErrors, 10);
		await store.flush();
		assert.equal(store.counters.imagesNotWritten, 5);
	});

	it('at shutdown tries the waiting images once more, then names those it could not write', async () => {
		const {disk, out, store} = await storeOnSmallDisk();
		disk.fill();
		const saves = [store.save(result(fakeJpeg(20_000, 4))), store.save(result(fakeJpeg(20_000, 5), {outcome: 'incomplete', reason: 'timeout'}))];
		await store.idle();
		store.beginShutdown();
		await store.flush();
		assert.deepEqual(await Promise.all(saves), [undefined, undefined]);
		assert.equal(store.counters.imagesNotWritten, 2);
		const named = store.notWritten.map(file => path.relative(out, file)).sort();
		assert.equal(named.length, 2);
		assert.match(named[0]!, /^240a1b2c3d4e_\d{8}_\d{6}_\d{6}\.jpg$/);
		assert.match(named[1]!, /^incomplete\/240a1b2c3d4e_\d{8}_\d{6}_\d{6}_timeout\.jpg$/);
		assert.ok(store.describeUnwritten()!.includes(store.notWritten[0]!));
		assert.deepEqual(allFiles(out), []);
	});

	it('the last try at shutdown writes what now fits', async () => {
		const {disk, store} = await storeOnSmallDisk();
		disk.fill();
		const image = fakeJpeg(20_000, 6);
		const saved = store.save(result(image));
		await store.idle();
		disk.free();
		store.beginShutdown();
		await store.flush();
		assert.deepEqual(readFileSync((await saved)!), image);
		assert.deepEqual(store.notWritten, []);
	});
});

describe('temporary files of a killed run', () => {
	it('are removed at start, and nothing else is', async () => {
		const out = tempDir();
		mkdirSync(path.join(out, 'incomplete'));
		const pid = await deadPid();
		const ours = [
			`.240a1b2c3d4e_20260102_030405_678000.jpg.${pid}-0.partial`,
			`incomplete/.240a1b2c3d4e_20260102_030405_678001_gap.jpg.${pid}-17.partial`,
			`incomplete/.240a1b2c3d4e_20260102_030405_678002_hash-mismatch.jpg.${pid}-3.partial`,
		];
		const others = [
			'240a1b2c3d4e_20260102_030405_678000.jpg',
			'volt.log',
			'notes.partial',
			`.notes.txt.${pid}-0.partial`,
			`.240a1b2c3d4e_20260102_030405_678000.jpg.partial`,
			`.240a1b2c3d4e_20260102_030405_678000.jpg.${pid}-0.partial.bak`,
			`.240a1b2c3d4e_20260102_030405_678000.jpg.${pid}.partial`,
			`240a1b2c3d4e_20260102_030405_678000.jpg.${pid}-0.partial`,
			`incomplete/.240a1b2c3d4e_20260102_030405_67800_gap.jpg.${pid}-1.partial`,
		];
		for (const name of [...ours, ...others]) writeFileSync(path.join(out, name), 'x');
		const store = new ImageStore({outDir: out});
		assert.equal(await store.prepare(), ours.length);
		assert.deepEqual(allFiles(out), [...others].sort());
		await store.flush();
	});

	it('are kept while the run that owns them is still alive and they are fresh', async () => {
		const out = tempDir();
		const busy = `.240a1b2c3d4e_20260102_030405_678000.jpg.${process.ppid}-4.partial`;
		writeFileSync(path.join(out, busy), 'x');
		const store = new ImageStore({outDir: out});
		assert.equal(await store.prepare(), 0);
		assert.ok(existsSync(path.join(out, busy)));
		await store.flush();
	});
});

describe('volt.log', () => {
	const at = new Date(2026, 4, 6, 7, 8, 9, 12).getTime();
	const line = (voltage: number) => `2026-05-06 07:08:09.012,24:0a:1b:2c:3d:4e,${voltage}\n`;
	/** A camera's HASH reading; `reading` is the VOLT field as sent. */
	const telemetry = (batteryPercent: number) => ({mac: MAC, batteryPercent, reading: String(batteryPercent), inRange: true, captureFailed: false, atMs: at}) as Telemetry;

	it('follows its folder when the folder is deleted and made again', async () => {
		const out = path.join(tempDir(), 'out');
		const store = new ImageStore({outDir: out});
		await store.prepare();
		await store.appendVoltLine(telemetry(1));
		rmSync(out, {recursive: true});
		await store.appendVoltLine(telemetry(2));
		assert.equal(readFileSync(path.join(out, 'volt.log'), 'utf8'), line(2));
		await store.flush();
	});

	it('follows its file when the file is moved away (log rotation) or replaced', async () => {
		const out = tempDir();
		const store = new ImageStore({outDir: out});
		await store.prepare();
		await store.appendVoltLine(telemetry(1));
		renameSync(path.join(out, 'volt.log'), path.join(out, 'volt.log.1'));
		await store.appendVoltLine(telemetry(2));
		writeFileSync(path.join(out, 'volt.log.new'), 'replaced\n');
		renameSync(path.join(out, 'volt.log.new'), path.join(out, 'volt.log'));
		await store.appendVoltLine(telemetry(3));
		assert.equal(readFileSync(path.join(out, 'volt.log.1'), 'utf8'), line(1));
		assert.equal(readFileSync(path.join(out, 'volt.log'), 'utf8'), `replaced\n${line(3)}`);
		await store.flush();
	});

	it('reports a failed write and writes the lines, in order, once the disk has room', async () => {
		const {disk, out, store, failures} = await storeOnSmallDisk();
		await store.appendVoltLine(telemetry(1));
		disk.fill();
		// A tmpfs page holds the first line; make the file need a new one.
		await store.appendVoltLine(telemetry(2));
		await store.appendVoltLine(telemetry(3));
		for (let i = 0; i < 200; i++) await store.appendVoltLine(telemetry(50));
		assert.ok(failures.length > 0, 'no write error reported');
		assert.equal(failures[0]!.path, path.join(out, 'volt.log'));
		disk.free();
		store.retryFailed();
		await store.idle();
		assert.equal(readFileSync(path.join(out, 'volt.log'), 'utf8'), line(1) + line(2) + line(3) + line(50).repeat(200));
		await store.flush();
		assert.equal(store.counters.voltLinesNotWritten, 0);
	});

	it('keeps a bounded number of lines waiting and counts those it had to drop', async () => {
		const {disk, out, store} = await storeOnSmallDisk({maxPendingLogBytes: 10 * line(1).length});
		disk.fill();
		for (let i = 0; i < 1000; i++) await store.appendVoltLine(telemetry(1));
		disk.free();
		store.beginShutdown();
		await store.flush();
		const written = readFileSync(path.join(out, 'volt.log'), 'utf8');
		assert.ok(written.length <= 10 * line(1).length, `${written.length} bytes written`);
		assert.equal(store.counters.voltLinesNotWritten, 1000 - written.split('\n').length + 1);
		assert.ok(store.counters.voltLinesNotWritten > 0);
	});
});
