import assert from 'node:assert/strict';
import {readdirSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {ImageStore, OutputFolderError, type WriteFailure} from '../../../source/io/store/image-store.js';
import type {ImageResult} from '../../../source/core/reassembly/reassembler.js';
import {fakeJpeg} from '../../helpers/camera-frames.js';
import {tempDir} from '../../helpers/temp-dir.js';

const MAC = 0x240a1b2c3d4e;
const NAME = /^240a1b2c3d4e_\d{8}_\d{6}_\d{6}\.jpg$/;

function result(data: Buffer, overrides: Partial<ImageResult> = {}): ImageResult {
	return {mac: MAC, outcome: 'verified', data, chunks: 1, missingFrames: 0, startedAt: 0, endedAt: Date.now(), ...overrides};
}

describe('ImageStore', () => {
	it('saves good images under the gallery name and incomplete ones apart, with their reason', async () => {
		const out = path.join(tempDir(), 'images');
		const store = new ImageStore({outDir: out});
		await store.prepare();
		const good = await store.save(result(fakeJpeg(500)));
		const bad = await store.save(result(fakeJpeg(300), {outcome: 'incomplete', reason: 'gap'}));
		assert.match(path.basename(good!), NAME);
		assert.equal(path.dirname(good!), out);
		assert.match(path.basename(bad!), /^240a1b2c3d4e_\d{8}_\d{6}_\d{6}_gap\.jpg$/);
		assert.equal(path.dirname(bad!), path.join(out, 'incomplete'));
		assert.deepEqual(readFileSync(good!), fakeJpeg(500));
		assert.deepEqual(readdirSync(out).sort(), [path.basename(good!), 'incomplete']);
		assert.deepEqual(store.counters, {savedGood: 1, savedIncomplete: 1, bytesWritten: 800, writeErrors: 0, imagesNotWritten: 0, voltLinesNotWritten: 0});
	});

	it('uses the local time of the image end in the name', async () => {
		const out = tempDir();
		const store = new ImageStore({outDir: out});
		await store.prepare();
		const end = new Date(2026, 0, 2, 3, 4, 5, 678).getTime();
		const file = await store.save(result(Buffer.from('x'), {endedAt: end}));
		assert.equal(path.basename(file!), '240a1b2c3d4e_20260102_030405_678000.jpg');
	});

	it('follows a wall clock stepped back (NTP): the name tells the time the clock says', async () => {
		const store = new ImageStore({outDir: tempDir()});
		await store.prepare();
		const end = new Date(2026, 0, 2, 3, 4, 5, 678).getTime();
		await store.save(result(Buffer.from('before'), {endedAt: end}));
		const file = await store.save(result(Buffer.from('after'), {endedAt: end - 3_600_000 + 1000}));
		assert.equal(path.basename(file!), '240a1b2c3d4e_20260102_020406_678000.jpg');
	});

	it('keeps names unique in a burst of thousands and never touches existing files', async () => {
		const out = tempDir();
		const end = new Date(2026, 0, 2, 3, 4, 5, 678).getTime();
		// A file already where the first name would go.
		writeFileSync(path.join(out, '240a1b2c3d4e_20260102_030405_678000.jpg'), 'keep me');
		const store = new ImageStore({outDir: out});
		await store.prepare();
		const files = await Promise.all(Array.from({length: 3000}, (_, i) => store.save(result(Buffer.from(`image ${i}`), {endedAt: end}))));
		assert.equal(new Set(files).size, 3000);
		assert.equal(readFileSync(path.join(out, '240a1b2c3d4e_20260102_030405_678000.jpg'), 'utf8'), 'keep me');
		files.forEach((file, i) => assert.equal(readFileSync(file!, 'utf8'), `image ${i}`));
		assert.equal(readdirSync(out).filter(name => name.endsWith('.partial')).length, 0);
	});

	it('appends voltage lines in the seed format', async () => {
		const out = tempDir();
		const store = new ImageStore({outDir: out});
		await store.prepare();
		const at = new Date(2026, 4, 6, 7, 8, 9, 12).getTime();
		await store.appendVoltLine({mac: MAC, batteryPercent: 87, reading: '87', inRange: true, captureFailed: false, atMs: at});
		await store.appendVoltLine({mac: MAC, batteryPercent: 3, reading: '3', inRange: true, captureFailed: true, atMs: at});
		assert.equal(readFileSync(path.join(out, 'volt.log'), 'utf8'), '2026-05-06 07:08:09.012,24:0a:1b:2c:3d:4e,87\n2026-05-06 07:08:09.012,24:0a:1b:2c:3d:4e,3\n');
	});

	it('remakes a folder removed under it', async () => {
		const out = tempDir();
		const store = new ImageStore({outDir: out});
		await store.prepare();
		rmSync(out, {recursive: true});
		const file = await store.save(result(Buffer.from('again'), {outcome: 'incomplete', reason: 'timeout'}));
		assert.equal(readFileSync(file!, 'utf8'), 'again');
	});

	it('reports a failed write, keeps receiving, and writes the image once the folder is usable again', async () => {
		const root = tempDir();
		const out = path.join(root, 'out');
		const store = new ImageStore({outDir: out, onWriteError: failure => failures.push(failure)});
		const failures: WriteFailure[] = [];
		await store.prepare();
		rmSync(out, {recursive: true});
		writeFileSync(out, 'a file in the way');
		const saved = store.save(result(Buffer.from('later')));
		await store.idle();
		assert.equal(store.counters.writeErrors, 1);
		assert.ok(failures[0]!.path.startsWith(out));
		assert.ok(store.pendingBytes > 0);
		rmSync(out);
		store.retryFailed();
		const file = await saved;
		assert.equal(readFileSync(file!, 'utf8'), 'later');
		assert.equal(store.pendingBytes, 0);
	});

	it('gives up failed images at shutdown and counts them', async () => {
		const root = tempDir();
		const out = path.join(root, 'out');
		const store = new ImageStore({outDir: out});
		await store.prepare();
		rmSync(out, {recursive: true});
		writeFileSync(out, 'in the way');
		const saved = store.save(result(Buffer.from('lost')));
		await store.flush();
		assert.equal(await saved, undefined);
		assert.equal(store.counters.imagesNotWritten, 1);
	});

	it('refuses an output folder that cannot exist, naming it', async () => {
		const root = tempDir();
		writeFileSync(path.join(root, 'file'), 'x');
		const store = new ImageStore({outDir: path.join(root, 'file', 'images')});
		await assert.rejects(store.prepare(), (error: Error) => error instanceof OutputFolderError && error.message.includes(path.join(root, 'file', 'images')));
		assert.equal(existsSync(path.join(root, 'file', 'images')), false);
	});
});
