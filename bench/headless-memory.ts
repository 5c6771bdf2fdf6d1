/**
 * Peak memory of headless mode under hostile input: the built CLI replays
 * each stream into a fresh folder while its peak RSS (VmHWM) is sampled.
 * Budget: 100 MB whatever arrives.
 */
import {spawn} from 'node:child_process';
import {createWriteStream, readFileSync, type WriteStream} from 'node:fs';
import {once} from 'node:events';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {FrameType} from '../source/core/protocol/constants.js';
import {encodeFrame, hashPayload} from '../source/core/protocol/frame-encoder.js';
import {Prng} from '../source/simulator/prng.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const REAL_CAMERA = 0x240a_c400_0010;

async function writeStream(file: string, produce: (write: (chunk: Buffer) => Promise<void>) => Promise<void>): Promise<void> {
	const stream: WriteStream = createWriteStream(file);
	await produce(async chunk => {
		if (!stream.write(chunk)) await once(stream, 'drain');
	});
	stream.end();
	await once(stream, 'finish');
}

/** A real camera's wake: HASH, DATA 1..N, EOF, with bytes that look like a JPEG. */
function cameraWake(random: Prng, size: number): Buffer[] {
	const image = Buffer.alloc(size);
	for (let i = 0; i < size; i++) image[i] = random.int(0, 255);
	image.set([0xff, 0xd8], 0);
	image.set([0xff, 0xd9], size - 2);
	const frames = [encodeFrame(REAL_CAMERA, FrameType.Hash, 0, hashPayload('0'.repeat(63) + '1', 80))];
	for (let offset = 0, sequence = 1; offset < size; offset += 250, sequence++) {
		frames.push(encodeFrame(REAL_CAMERA, FrameType.Data, sequence, image.subarray(offset, offset + 250)));
	}

	frames.push(encodeFrame(REAL_CAMERA, FrameType.Eof, 0, Buffer.from('EOF!')));
	return frames;
}

const randomMac = (random: Prng) => Math.floor(random.next() * 2 ** 48);

const STREAMS: Record<string, (write: (chunk: Buffer) => Promise<void>) => Promise<void>> = {
	async '200 MB of random bytes'(write) {
		const random = new Prng(1);
		const chunk = Buffer.allocUnsafe(1 << 20);
		for (let i = 0; i < 200; i++) {
			for (let j = 0; j < chunk.length; j += 4) chunk.writeUInt32LE(Math.floor(random.next() * 2 ** 32), j);
			await write(chunk);
		}
	},
	async '200,000 valid frames from random MACs around a real camera'(write) {
		const random = new Prng(2);
		for (let wake = 0; wake < 20; wake++) {
			for (const frame of cameraWake(random, 10_000)) {
				await write(frame);
				for (let i = 0; i < 250; i++) await write(encodeFrame(randomMac(random), FrameType.Data, random.int(1, 50), Buffer.alloc(250, i)));
			}
		}
	},
	async '50,000 two-frame phantom cameras (each a tiny image)'(write) {
		const random = new Prng(3);
		for (let i = 0; i < 50_000; i++) {
			const mac = randomMac(random);
			await write(Buffer.concat([encodeFrame(mac, FrameType.Data, 1, Buffer.alloc(200, i)), encodeFrame(mac, FrameType.Eof, 0, Buffer.from('EOF!'))]));
		}
	},
	async '20,000 images without HASH, 20 KB each (strict JPEG checks)'(write) {
		const random = new Prng(4);
		for (let i = 0; i < 20_000; i++) await write(Buffer.concat(cameraWake(random, 20_000).slice(1)));
	},
};

async function peakRss(args: string[]): Promise<{peakMb: number; code: number | null}> {
	const child = spawn(process.execPath, [CLI, ...args], {stdio: ['ignore', 'ignore', 'inherit']});
	let peak = 0;
	const sample = () => {
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
			peak = Math.max(peak, Number(match?.[1] ?? 0));
		} catch {
			// The process has ended: its peak was taken at the last sample.
		}
	};

	const timer = setInterval(sample, 10);
	const [code] = (await once(child, 'exit')) as [number | null];
	clearInterval(timer);
	return {peakMb: peak / 1024, code};
}

export async function benchHeadlessMemory(work: string, capture: {name: string; file: string}): Promise<void> {
	console.log('\nheadless peak RSS (--replay into a fresh folder; budget 100 MB)');
	const report = async (name: string, file: string, index: number) => {
		const {peakMb, code} = await peakRss(['--replay', file, '--out', path.join(work, `memory-${index}`)]);
		console.log(`  ${name.padEnd(62)} ${peakMb.toFixed(0).padStart(4)} MB${code === 0 ? '' : ` (exit ${code})`}`);
	};

	await report(capture.name, capture.file, 0);
	for (const [index, [name, produce]] of Object.entries(STREAMS).entries()) {
		const file = path.join(work, 'memory-input.bin');
		await writeStream(file, produce);
		await report(name, file, index + 1);
	}
}
