import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync, writeFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {FrameType} from '../../source/core/protocol/constants.js';
import {encodeFrame, hashPayload} from '../../source/core/protocol/frame-encoder.js';
import {jsonEvents, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {fakeJpeg, sha256Hex} from '../helpers/camera-frames.js';

const MAC = 0x240a1b2c3d4e;

function oneImageStream(image: Buffer, logLine = ''): Buffer {
	const parts = [Buffer.from(logLine), encodeFrame(MAC, FrameType.Hash, 0, hashPayload(sha256Hex(image), 64))];
	for (let offset = 0, sequence = 1; offset < image.length; offset += 250, sequence++) {
		parts.push(encodeFrame(MAC, FrameType.Data, sequence, image.subarray(offset, offset + 250)));
	}

	parts.push(encodeFrame(MAC, FrameType.Eof, 0, Buffer.from('EOF!')));
	return Buffer.concat(parts);
}

describe('command line', () => {
	it('shows help with examples and the version', async () => {
		const help = await runCli(['--help']);
		assert.equal(help.code, 0);
		assert.match(help.stdout, /--port/);
		assert.match(help.stdout, /Examples/);
		const version = await runCli(['--version']);
		assert.equal(version.code, 0);
		assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version);
	});

	it('exits 2 on a bad flag value, naming the flag', async () => {
		for (const [args, flag] of [
			[['--baud', 'abc'], '--baud'],
			[['--timeout', '-3'], '--timeout'],
			[['--demo-cameras', '0'], '--demo-cameras'],
			[['simulate', 'x.bin', '--loss', '2'], '--loss'],
		] as const) {
			const result = await runCli([...args]);
			assert.equal(result.code, 2, args.join(' '));
			assert.ok(result.stderr.includes(flag), `${args.join(' ')}: ${result.stderr}`);
		}
	});

	it('exits 2 on an unknown flag', async () => {
		const result = await runCli(['--prot', '/dev/ttyACM0']);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /--prot/);
	});

	it('exits 1 naming the path when the replay file cannot be read', async () => {
		const missing = path.join(tempDir(), 'nope.bin');
		const result = await runCli(['--replay', missing, '--out', tempDir()]);
		assert.equal(result.code, 1);
		assert.ok(result.stderr.includes(missing), result.stderr);
	});

	it('exits 1 naming the path when the output folder is unusable', async () => {
		const root = tempDir();
		const blocker = path.join(root, 'file');
		writeFileSync(blocker, 'not a folder');
		const replayFile = path.join(root, 'in.bin');
		writeFileSync(replayFile, '');
		const result = await runCli(['--replay', replayFile, '--out', path.join(blocker, 'images')]);
		assert.equal(result.code, 1);
		assert.ok(result.stderr.includes(path.join(blocker, 'images')), result.stderr);
	});

	it('replays a file: saves the image, logs sanitised relay text, appends volt.log, exits 0', async () => {
		const root = tempDir();
		const out = path.join(root, 'out');
		const image = fakeJpeg(3000, 4);
		const replayFile = path.join(root, 'in.bin');
		writeFileSync(replayFile, oneImageStream(image, '\x1b[0;33mW (1) relay: hello\x1b]0;evil\x07\x1b[0m\r\n'));
		const result = await runCli(['--replay', replayFile, '--out', out]);
		assert.equal(result.code, 0, result.stderr);
		const files = readdirSync(out).filter(name => name.endsWith('.jpg'));
		assert.equal(files.length, 1);
		assert.match(files[0]!, /^240a1b2c3d4e_\d{8}_\d{6}_\d{6}\.jpg$/);
		assert.deepEqual(readFileSync(path.join(out, files[0]!)), image);
		assert.match(readFileSync(path.join(out, 'volt.log'), 'utf8'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3},24:0a:1b:2c:3d:4e,64\n$/);
		assert.match(result.stdout, /relay +W \(1\) relay: hello\n/);
		assert.match(result.stdout, /saved +24:0a:1b:2c:3d:4e .* verified/);
		assert.doesNotMatch(result.stdout, /\x1b/, 'no escape sequence reaches the terminal');
		assert.match(result.stdout, /summary 1 good \(1 verified/);
	});

	it('replays from stdin with --replay - and reports JSON lines', async () => {
		const out = tempDir();
		const image = fakeJpeg(700, 9);
		const damaged = oneImageStream(fakeJpeg(900, 10));
		damaged[damaged.length - 40]! ^= 0xff; // inside the last DATA frame: checksum fails, a chunk is lost
		const result = await runCli(['--replay', '-', '--out', out, '--json'], {input: Buffer.concat([oneImageStream(image), damaged])});
		assert.equal(result.code, 0, result.stderr);
		const events = jsonEvents(result.stdout);
		const images = events.filter(event => event.event === 'image');
		assert.deepEqual(images.map(event => [event.outcome, event.reason]).sort(), [
			['incomplete', 'hash-mismatch'],
			['verified', undefined],
		]);
		assert.equal(images[0]!.mac, '24:0a:1b:2c:3d:4e');
		assert.equal(events.at(-1)!.event, 'summary');
		const incomplete = readdirSync(path.join(out, 'incomplete'));
		assert.equal(incomplete.length, 1);
		assert.match(incomplete[0]!, /_hash-mismatch\.jpg$/);
		const good = readdirSync(out).filter(name => name.endsWith('.jpg'));
		assert.equal(
			createHash('sha256')
				.update(readFileSync(path.join(out, good[0]!)))
				.digest('hex'),
			sha256Hex(image),
		);
	});

	it('logs every frame with --debug', async () => {
		const result = await runCli(['--replay', '-', '--out', tempDir(), '--debug'], {input: oneImageStream(fakeJpeg(600, 2))});
		assert.equal(result.code, 0);
		assert.match(result.stdout, /frame +24:0a:1b:2c:3d:4e HASH seq 0 len \d+ ok/);
		assert.match(result.stdout, /frame +24:0a:1b:2c:3d:4e DATA seq 3 len 100 ok/);
		assert.match(result.stdout, /frame +24:0a:1b:2c:3d:4e EOF seq 0 len 4 ok/);
	});

	it('writes a simulated stream to a file that replays into verified images', async () => {
		const root = tempDir();
		const capture = path.join(root, 'capture.bin');
		const manifest = path.join(root, 'manifest.json');
		const simulated = await runCli(['simulate', capture, '--cameras', '3', '--images', '12', '--seed', '11', '--size', '96x64', '--manifest', manifest]);
		assert.equal(simulated.code, 0, simulated.stderr);
		assert.ok(statSync(capture).size > 0);
		const sent = JSON.parse(readFileSync(manifest, 'utf8')) as {sha256: string; intact: boolean}[];
		assert.ok(sent.length >= 10);
		const out = path.join(root, 'out');
		const replayed = await runCli(['--replay', capture, '--out', out]);
		assert.equal(replayed.code, 0, replayed.stderr);
		const saved = readdirSync(out)
			.filter(name => name.endsWith('.jpg'))
			.map(name =>
				createHash('sha256')
					.update(readFileSync(path.join(out, name)))
					.digest('hex'),
			)
			.sort();
		assert.deepEqual(saved, sent.map(image => image.sha256).sort());
		// Real JPEGs: start of image, end of image.
		const first = readFileSync(
			path.join(
				out,
				readdirSync(out).find(name => name.endsWith('.jpg'))!,
			),
		);
		assert.deepEqual([...first.subarray(0, 2), ...first.subarray(-2)], [0xff, 0xd8, 0xff, 0xd9]);
	});
});
