/**
 * The image history of a large output folder: 200,000 empty files named as
 * ImageStore names them (6 cameras, every tenth in incomplete/, in no
 * order), indexed while a 1 ms timer measures the longest time the event
 * loop was held (what the screen and the serial port would wait), and the
 * memory the index keeps. Run alone with `node --import tsx bench/history-index.ts`.
 */
import {closeSync, mkdirSync, mkdtempSync, openSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {collectGarbage} from '../source/runtime/collect-garbage.js';
import {ImageHistory} from '../source/dashboard/history/image-history.js';
import {fileTimestamp} from '../source/io/store/timestamps.js';

const IMAGES = 200_000;
const CAMERAS = 6;
const RUNS = 3;
const FIRST_MAC = 0x240a_c400_8d10;

function makeFolder(out: string): void {
	mkdirSync(path.join(out, 'incomplete'), {recursive: true});
	const start = Date.UTC(2026, 0, 1);
	for (let index = 0; index < IMAGES; index++) {
		const mac = (FIRST_MAC + (index % CAMERAS)).toString(16);
		// A wake a minute apart, per camera, shuffled (a prime stride) as a directory lists them.
		const at = start + ((index * 7919) % IMAGES) * 60_000;
		const name = `${mac}_${fileTimestamp(at * 1000)}`;
		const file = index % 10 === 0 ? path.join(out, 'incomplete', `${name}_timeout.jpg`) : path.join(out, `${name}.jpg`);
		closeSync(openSync(file, 'w'));
	}
}

const memoryInUse = () => {
	// Twice: the first may leave what finalizers freed.
	collectGarbage();
	collectGarbage();
	const {heapUsed, arrayBuffers} = process.memoryUsage();
	return heapUsed + arrayBuffers;
};

async function indexOnce(out: string): Promise<{seconds: number; stall: number; kept: number}> {
	const before = memoryInUse();
	const history = new ImageHistory(out);
	let stall = 0;
	let last = performance.now();
	const timer = setInterval(() => {
		const now = performance.now();
		stall = Math.max(stall, now - last);
		last = now;
	}, 1);
	const started = performance.now();
	last = started;
	await history.index();
	const seconds = (performance.now() - started) / 1000;
	clearInterval(timer);
	stall = Math.max(stall, performance.now() - last);
	const kept = memoryInUse() - before;
	const images = history.knownCameras().reduce((sum, camera) => sum + camera.images, 0);
	if (images !== IMAGES) throw new Error(`indexed ${images} images of ${IMAGES}`);
	return {seconds, stall, kept};
}

export async function benchHistoryIndex(work: string): Promise<void> {
	const out = path.join(work, 'history');
	process.stdout.write(`\nimage history: making ${IMAGES.toLocaleString('en')} files... `);
	makeFolder(out);
	console.log('done');
	const results: {seconds: number; stall: number; kept: number}[] = [];
	for (let run = 0; run < RUNS; run++) results.push(await indexOnce(out));
	const range = (values: number[], digits: number) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
	console.log(
		`  indexed ${IMAGES.toLocaleString('en')} names (${RUNS} runs): ${range(
			results.map(result => result.seconds),
			2,
		)} s; ` +
			`longest event-loop stall ${range(
				results.map(result => result.stall),
				0,
			)} ms; index keeps ${range(
				results.map(result => result.kept / 1e6),
				1,
			)} MB`,
	);
	rmSync(out, {recursive: true, force: true});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const work = mkdtempSync(path.join(process.env.BENCH_DIR ?? tmpdir(), 'esp-cam-bench-'));
	try {
		await benchHistoryIndex(work);
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}
