/**
 * What a preview's decode costs: milliseconds a picture for jpeg-js's full
 * decode (what the preview worker did for every picture) against the scaled
 * decoder at 1/8, 1/4 and 1/2 (source/jpeg/scaled-jpeg.ts), on the
 * simulator's pictures at camera sizes and the test fixtures (made by
 * libjpeg through Pillow). Median of several rounds, each a loop of decodes.
 * Run with `node dist/bench/preview-decode.js`.
 */
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import jpeg from 'jpeg-js';
import {decodeScaledJpeg, type ScaleDenominator} from '../jpeg/scaled-jpeg.js';
import {renderPicture} from '../simulator/jpeg-factory.js';

const ROUNDS = 7;
const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

const pictures: Array<{name: string; bytes: Uint8Array}> = [
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

/** Milliseconds one `decode` takes, the median of ROUNDS loops of enough decodes to last ~50 ms. */
function timed(decode: () => void): number {
	const start = performance.now();
	let count = 0;
	while (performance.now() - start < 50) {
		decode();
		count++;
	}

	const rounds: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		const begin = performance.now();
		for (let i = 0; i < count; i++) decode();
		rounds.push((performance.now() - begin) / count);
	}

	return rounds.sort((a, b) => a - b)[ROUNDS >> 1]!;
}

const format = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
console.log('| picture | bytes | jpeg-js, full | 1/8 | 1/4 | 1/2 | full / 1/8 |');
console.log('|---|---|---|---|---|---|---|');
for (const {name, bytes} of pictures) {
	const full = timed(() => jpeg.decode(bytes, {useTArray: true, formatAsRGBA: false}));
	const scaled = ([8, 4, 2] as ScaleDenominator[]).map(scale => {
		if ('unsupported' in decodeScaledJpeg(bytes, () => scale, 1 << 24)) return undefined;
		return timed(() => decodeScaledJpeg(bytes, () => scale, 1 << 24));
	});
	const cells = scaled.map(ms => (ms === undefined ? 'jpeg-js' : format(ms)));
	const ratio = scaled[0] === undefined ? '-' : `${(full / scaled[0]).toFixed(0)}x`;
	console.log(`| ${name} | ${bytes.length} | ${format(full)} | ${cells.join(' | ')} | ${ratio} |`);
}
