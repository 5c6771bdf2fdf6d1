import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {PLAIN_RANGES} from '../../helpers/plain-characters.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** One of ink's own modules, past its package exports (the same module instance Ink uses). */
async function inkModule<T>(name: string): Promise<T> {
	const module = (await import(new URL(name, import.meta.resolve('ink')).href)) as {default: T};
	return module.default;
}

function retainedBy(work: () => void): number {
	collectGarbage();
	const before = process.memoryUsage().heapUsed;
	work();
	collectGarbage();
	return process.memoryUsage().heapUsed - before;
}

// A dashboard left open renders ~15 new strings a second (clocks, ages, rates, log lines): Ink 6.8
// kept every one (ink#986), ~170 MB a day. patches/ink+6.8.0.patch bounds both caches.
test('Ink does not keep every string it measured or wrapped (patched, ink#986)', async () => {
	const measureText = await inkModule<(text: string) => unknown>('./measure-text.js');
	const wrapText = await inkModule<(text: string, width: number, wrap: string) => string>('./wrap-text.js');
	// Stock Ink 6.8 keeps 7 MB (measured) and 12 MB (wrapped) for 50,000 strings; the patched caches under 1 MB.
	const strings = 50_000;
	const measured = retainedBy(() => {
		for (let index = 0; index < strings; index++) measureText(`up 0:${index} · images ${index} good · 12.3 KiB/s`);
	});
	const wrapped = retainedBy(() => {
		for (let index = 0; index < strings; index++) wrapText(`13:05:${index} saved 24:0a:c4:01:77:11 5.0 KiB verified`, 40, 'truncate');
	});
	const limit = 3 * 1024 * 1024;
	assert.ok(measured < limit, `measureText kept ${(measured / 1048576).toFixed(1)} MB for ${strings} strings`);
	assert.ok(wrapped < limit, `wrapText kept ${(wrapped / 1048576).toFixed(1)} MB for ${strings} strings`);
});

// Every text is sanitized at every frame; the patch keeps the results (a coloured text was tokenized whole each time).
test('Ink sanitizes a text the same from its cache, and keeps a bounded number (patched)', async () => {
	const sanitizeAnsi = await inkModule<(text: string) => string>('./sanitize-ansi.js');
	const text = '\u001B[32m✔ verified 3\u001B[39m \u001B[2J·\u001B[1A unverified \u009B5Cx';
	const sanitized = '\u001B[32m✔ verified 3\u001B[39m · unverified x';
	assert.equal(sanitizeAnsi(text), sanitized);
	assert.equal(sanitizeAnsi(text), sanitized);
	assert.equal(sanitizeAnsi('plain · text'), 'plain · text');
	const kept = retainedBy(() => {
		for (let index = 0; index < 300_000; index++) sanitizeAnsi(`\u001B[36m${index} B/s ▁▂▃▄▅▆▇█\u001B[39m`);
	});
	assert.ok(kept < 8 * 1024 * 1024, `sanitizeAnsi kept ${(kept / 1048576).toFixed(1)} MB for 300000 strings`);
});

// The patch measures text of characters that are each a grapheme and one cell wide by counting them (string-width
// segments any text but ASCII into graphemes): every such character, coloured, on lines of their own, as string-width does.
test('Ink measures text of plain characters as wide as string-width finds it (patched)', async () => {
	const measureText = await inkModule<(text: string) => {width: number; height: number}>('./measure-text.js');
	const widestLine = (await import('widest-line')).default;
	for (const [first, last] of PLAIN_RANGES) {
		for (let code = first; code <= last; code++) {
			const character = String.fromCodePoint(code);
			for (const text of [character, `\u001B[1;31m${character}${character}\u001B[39m x\u001B[m\n${character}`, `ab\n${character}\u001B[2m·\u001B[22m\n`]) {
				assert.equal(measureText(text).width, widestLine(text), `U+${code.toString(16)} in ${JSON.stringify(text)}`);
			}
		}
	}
});
