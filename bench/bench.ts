/**
 * `npm run bench`: parser throughput on clean and noisy streams, and an
 * end-to-end replay of a ~50 MB six-camera capture through the real CLI,
 * against the floor of streaming that file, hashing it and writing the same
 * images. Best of several runs; figures go in the readme.
 */
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {createReadStream, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import {cpus, tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {FrameDecoder} from '../source/core/protocol/frame-decoder.js';
import {benchHeadlessMemory} from './headless-memory.js';
import {benchHistoryIndex} from './history-index.js';
import {Reassembler} from '../source/core/reassembly/reassembler.js';
import {JpegFactory} from '../source/simulator/jpeg-factory.js';
import {RelaySimulator, type SentImage} from '../source/simulator/relay-simulator.js';

const RUNS = 3;
const E2E_RUNS = 5;
const CAPTURE_TARGET_BYTES = 50 * 1024 * 1024;
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

interface Capture {
	stream: Buffer;
	images: SentImage[];
}

function makeCapture(targetBytes: number, noisy: boolean): Capture {
	const pictures = new JpegFactory({width: 320, height: 240});
	const simulator = new RelaySimulator({
		cameras: 6,
		seed: noisy ? 2 : 1,
		loss: noisy ? 0.01 : 0,
		corrupt: noisy ? 0.01 : 0,
		captureFailureRate: noisy ? 0.02 : 0,
		relayLogs: noisy,
		meanWakeIntervalMs: 2000,
		image: (camera, number) => pictures.image(camera, number),
	});
	const pieces: Buffer[] = [];
	let total = 0;
	let junkState = 7;
	for (let until = 1000; total < targetBytes; until += 1000) {
		for (const piece of simulator.take(until)) {
			pieces.push(piece);
			total += piece.length;
			if (noisy && (junkState = (junkState * 1_103_515_245 + 12_345) >>> 0) % 50 === 0) {
				const junk = Buffer.alloc(64 + (junkState % 200));
				for (let i = 0; i < junk.length; i++) junk[i] = (junkState >>> (i % 24)) & 0xff;
				pieces.push(junk);
				total += junk.length;
			}
		}
	}

	simulator.stopWaking();
	pieces.push(...simulator.take(Number.POSITIVE_INFINITY));
	return {stream: Buffer.concat(pieces), images: simulator.sent};
}

function best(runs: number, run: () => number): number {
	let fastest = Number.POSITIVE_INFINITY;
	for (let i = 0; i < runs; i++) fastest = Math.min(fastest, run());
	return fastest;
}

/** Seconds to decode `stream` in `chunkSize` pieces (decoder only, or decoder + reassembler). */
function timeParser(stream: Buffer, chunkSize: number, withReassembler: boolean): number {
	const reassembler = new Reassembler({image: () => undefined, unverified: () => undefined, telemetry: () => undefined});
	const decoder = new FrameDecoder({
		frame: withReassembler ? frame => reassembler.frame(frame, 0) : () => undefined,
		corruptFrame: () => undefined,
		relayText: () => undefined,
		noise: () => undefined,
	});
	const started = performance.now();
	for (let offset = 0; offset < stream.length; offset += chunkSize) decoder.push(stream.subarray(offset, offset + chunkSize), 0);
	decoder.end();
	return (performance.now() - started) / 1000;
}

/** The floor: stream the file, hash it, write the same images. */
async function timeFloor(captureFile: string, images: SentImage[], out: string): Promise<number> {
	rmSync(out, {recursive: true, force: true});
	await mkdir(out, {recursive: true});
	const started = performance.now();
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(captureFile, {highWaterMark: 256 * 1024})) hash.update(chunk as Buffer);
	hash.digest();
	const queue = [...images.entries()];
	await Promise.all(
		Array.from({length: 4}, async () => {
			for (let next = queue.shift(); next; next = queue.shift()) await writeFile(path.join(out, `${next[0]}.jpg`), next[1].data);
		}),
	);
	return (performance.now() - started) / 1000;
}

function timeReplay(captureFile: string, out: string): number {
	rmSync(out, {recursive: true, force: true});
	const started = performance.now();
	const result = spawnSync(process.execPath, [CLI, '--replay', captureFile, '--out', out], {stdio: ['ignore', 'ignore', 'inherit']});
	if (result.status !== 0) throw new Error(`replay failed with status ${result.status}`);
	return (performance.now() - started) / 1000;
}

function timeNodeStartup(): number {
	const started = performance.now();
	spawnSync(process.execPath, ['-e', '0']);
	return (performance.now() - started) / 1000;
}

const mb = (bytes: number) => bytes / 1e6;

async function main(): Promise<void> {
	console.log(`esp-cam-monitor benchmark — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
	process.stdout.write('generating captures... ');
	const clean = makeCapture(CAPTURE_TARGET_BYTES, false);
	const noisy = makeCapture(CAPTURE_TARGET_BYTES / 2, true);
	console.log(`clean ${mb(clean.stream.length).toFixed(1)} MB (${clean.images.length} images), noisy ${mb(noisy.stream.length).toFixed(1)} MB`);

	console.log('\nparser (FrameDecoder, best of %d)', RUNS);
	for (const [name, capture] of [
		['clean', clean],
		['noisy', noisy],
	] as const) {
		for (const chunkSize of [64, 65_536]) {
			const seconds = best(RUNS, () => timeParser(capture.stream, chunkSize, false));
			const withReassembly = best(RUNS, () => timeParser(capture.stream, chunkSize, true));
			console.log(
				`  ${name.padEnd(5)} ${String(chunkSize).padStart(6)}-byte chunks: ${(mb(capture.stream.length) / seconds).toFixed(0).padStart(5)} MB/s decode, ` +
					`${(mb(capture.stream.length) / withReassembly).toFixed(0).padStart(5)} MB/s decode + reassemble`,
			);
		}
	}

	const work = mkdtempSync(path.join(process.env.BENCH_DIR ?? tmpdir(), 'esp-cam-bench-'));
	try {
		const captureFile = path.join(work, 'capture.bin');
		writeFileSync(captureFile, clean.stream);
		// Interleaved, each after a sync, so that both meet the disk in the same
		// state (a virtual disk busy writing back the last run's files is slow).
		let floor = Number.POSITIVE_INFINITY;
		let replay = Number.POSITIVE_INFINITY;
		for (let i = 0; i < E2E_RUNS; i++) {
			spawnSync('sync');
			floor = Math.min(floor, await timeFloor(captureFile, clean.images, path.join(work, `floor${i}`)));
			spawnSync('sync');
			replay = Math.min(replay, timeReplay(captureFile, path.join(work, `replay${i}`)));
		}

		const startup = best(RUNS, timeNodeStartup);
		console.log(`\nend-to-end replay of ${mb(clean.stream.length).toFixed(1)} MB, 6 cameras, ${clean.images.length} images written (best of ${E2E_RUNS})`);
		console.log(`  floor (stream + SHA-256 + write the same images): ${floor.toFixed(2)} s`);
		console.log(`  esp-cam-monitor --replay (whole process):          ${replay.toFixed(2)} s = ${(replay / floor).toFixed(2)}x the floor`);
		console.log(`  of which Node.js start-up:                         ${startup.toFixed(2)} s; without it ${((replay - startup) / floor).toFixed(2)}x`);
		await benchHeadlessMemory(work, {name: `the ${mb(clean.stream.length).toFixed(0)} MB six-camera capture above`, file: captureFile});
		await benchHistoryIndex(work);
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

await main();
