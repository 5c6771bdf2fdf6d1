/**
 * What a preview's decode costs: milliseconds a picture for jpeg-js's full
 * decode (what the preview worker did for every picture) against the scaled
 * decoder at 1/8, 1/4 and 1/2 (source/core/jpeg/scaled-jpeg.ts), on the
 * simulator's pictures at camera sizes and the test fixtures (made by
 * libjpeg through Pillow). Median of several rounds, each a loop of decodes.
 * Run with `node --import tsx bench/preview-decode.ts`.
 */
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import jpeg from 'jpeg-js';
import {decodeScaledJpeg, type ScaleDenominator} from '../source/core/jpeg/scaled-jpeg.js';
import {renderPicture} from '../source/simulator/jpeg-factory.js';

const ROUNDS = 7;
const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

const pictures: {name: string; bytes: Uint8Array}[] = [
	...[
		[160, 120],
		[320, 240],
		[640, 480],
		[800, 600],
		[1600, 1200],
	].map(([width, height]) => ({name: `simulator ${width}x${height}`, bytes: renderPicture(0, 4, 12, {width: width!, height: height!})})),
	...readdirSync(fixtures)
		.filter(name => name.endsWith('.jpg'))
		.map(name => ({name, bytes: readFileSync(path.join(fixtures, name))})),
];

/**
 * Milliseconds one decode of each of `decoders` takes: the median of ROUNDS
 * rounds, each a loop of enough decodes to last ~50 ms, the decoders taking
 * turns round by round (so that a busy moment of a shared machine falls on all).
 */
function timed(decoders: (() => void)[]): number[] {
	const counts = decoders.map(decode => {
		const start = performance.now();
		let count = 0;
		for (; performance.now() - start < 50; count++) decode();
		return count;
	});
	const rounds = decoders.map((): number[] => []);
	for (let round = 0; round < ROUNDS; round++) {
		decoders.forEach((decode, index) => {
			const begin = performance.now();
			for (let i = 0; i < counts[index]!; i++) decode();
			rounds[index]!.push((performance.now() - begin) / counts[index]!);
		});
	}

	return rounds.map(times => times.sort((a, b) => a - b)[ROUNDS >> 1]!);
}

const format = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
console.log('| picture | bytes | jpeg-js, full | 1/8 | 1/4 | 1/2 | full / 1/8 |');
console.log('|---|---|---|---|---|---|---|');
for (const {name, bytes} of pictures) {
	const scales = ([8, 4, 2] as ScaleDenominator[]).filter(scale => !('unsupported' in decodeScaledJpeg(bytes, () => scale, 1 << 24)));
	const [full, ...scaled] = timed([() => jpeg.decode(bytes, {useTArray: true, formatAsRGBA: false}), ...scales.map(scale => () => decodeScaledJpeg(bytes, () => scale, 1 << 24))]);
	const cells = [8, 4, 2].map(scale => (scales.includes(scale as ScaleDenominator) ? format(scaled[scales.indexOf(scale as ScaleDenominator)]!) : 'jpeg-js'));
	const ratio = scales[0] === 8 ? `${(full! / scaled[0]!).toFixed(0)}x` : '-';
	console.log(`| ${name} | ${bytes.length} | ${format(full!)} | ${cells.join(' | ')} | ${ratio} |`);
}
