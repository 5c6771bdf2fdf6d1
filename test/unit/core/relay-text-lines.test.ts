import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {RelayTextLines} from '../../../source/core/protocol/relay-text-lines.js';

interface Read {
	lines: string[];
	noise: number;
}

/** Feeds `bytes` cut at `cuts`, then flushes, as the frame decoder does at the end of input. */
function readLines(bytes: Uint8Array, cuts: number[] = [], maxLineBytes?: number): Read {
	const read: Read = {lines: [], noise: 0};
	const lines = new RelayTextLines({line: text => read.lines.push(text), noise: count => (read.noise += count)}, maxLineBytes);
	let previous = 0;
	for (const cut of [...cuts, bytes.length]) {
		lines.write(bytes, previous, cut);
		previous = cut;
	}

	lines.flush();
	return read;
}

/** The same lines whatever the split: whole, byte by byte, and cut in two at every point. */
function assertEverySplit(input: string | Buffer, expected: string[]): void {
	const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
	const byteByByte = Array.from({length: bytes.length}, (_, i) => i);
	for (const cuts of [[], byteByByte, ...byteByByte.map(i => [i])]) {
		const read = readLines(bytes, cuts);
		assert.deepEqual(read.lines, expected, `cut at ${cuts.length > 1 ? 'every byte' : cuts.join()}`);
		assert.equal(read.noise, 0, `cut at ${cuts.length > 1 ? 'every byte' : cuts.join()}`);
	}
}

describe('relay text lines', () => {
	it('keeps a 10 KB relay line as one line: its head, and a mark saying how much was dropped', () => {
		const body = 'x'.repeat(10 * 1024);
		const input = Buffer.from(`I (12) big_tag: ${body}\r\nI (13) tag: next\r\n`);
		const head = `I (12) big_tag: ${body}`.slice(0, 1000);
		const expected = [`${head} … (${16 + body.length - 1000} bytes dropped)`, 'I (13) tag: next'];
		for (const cuts of [[], [1000], [999, 1001], [5000], [input.length - 20]]) {
			assert.deepEqual(readLines(input, cuts), {lines: expected, noise: 0}, `cut at ${cuts.join()}`);
		}
	});

	it('cuts a long line on a whole character, counting the split one as dropped', () => {
		const input = Buffer.from(`I (1) tag: ${'abcdé'.repeat(100)}\n`);
		const [line] = readLines(input, [], 100).lines;
		// 11 bytes, 14 times 'abcdé' (6 bytes), 'abcd'; the 100th byte starts an é and is dropped.
		assert.equal(line, `I (1) tag: ${'abcdé'.repeat(14)}abcd … (${input.length - 1 - 99} bytes dropped)`);
	});

	it('ends lines at CR alone, and takes CRLF as one ending', () => {
		assertEverySplit('I (1) tag: one\rI (2) tag: two\rI (3) tag: three\r\nI (4) tag: four\n', ['I (1) tag: one', 'I (2) tag: two', 'I (3) tag: three', 'I (4) tag: four']);
	});

	it('reads ESP-IDF coloured lines, also with the colour reset after the CR', () => {
		assertEverySplit('\x1b[0;33mW (123) usb_cdc: queue full\x1b[0m\r\n\x1b[0;32mI (124) usb_cdc: sent\r\x1b[0m\n', ['W (123) usb_cdc: queue full', 'I (124) usb_cdc: sent']);
	});

	it('shows a byte that is not UTF-8 as a replacement character', () => {
		assertEverySplit('I (5) sensor: 27\xb0C\r\nI (6) sensor: ok\r\n', ['I (5) sensor: 27\uFFFDC', 'I (6) sensor: ok']);
	});

	it('keeps relay text sanitised', () => {
		assertEverySplit('I (7) tag: \x1b]52;c;aGk=\x07evil \x1b[2Jtitle\x9b\r\n', ['I (7) tag: evil title\uFFFD']);
	});
});
