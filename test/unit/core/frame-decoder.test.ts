import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FrameType, START_MARKER} from '../../../source/core/protocol/constants.js';
import {encodeFrame} from '../../../source/core/protocol/frame-encoder.js';
import {collectingDecoder, pushSplit} from '../../helpers/collect-decoder.js';

const MAC = 0x240a1b2c3d4e;
const OTHER = 0xa1b2c3d4e5f6;
const LOG_LINE = '\x1b[0;33mW (123456) usb_cdc_receiver: ESP-NOW CB [24:0a:1b:2c:3d:4e]: Received EOF marker\x1b[0m\r\n';
const LOG_TEXT = 'W (123456) usb_cdc_receiver: ESP-NOW CB [24:0a:1b:2c:3d:4e]: Received EOF marker';

function sampleStream(): {stream: Buffer; payloads: Buffer[]} {
	const payloads = [
		Buffer.from('HASH:' + 'ab'.repeat(32) + ',VOLT:55'),
		Buffer.concat([Buffer.from([0xff, 0xd8]), START_MARKER, Buffer.alloc(40, 7)]), // marker inside JPEG data
		Buffer.alloc(250, 0xfa),
		Buffer.from('EOF!'),
	];
	const stream = Buffer.concat([
		Buffer.from(LOG_LINE),
		encodeFrame(MAC, FrameType.Hash, 0, payloads[0]!),
		encodeFrame(MAC, FrameType.Data, 1, payloads[1]!),
		Buffer.from('ESP-ROM:esp32c3-api1-20210207\r\n'),
		encodeFrame(OTHER, FrameType.Data, 1, payloads[2]!),
		encodeFrame(MAC, FrameType.Eof, 0, payloads[3]!),
		Buffer.from(LOG_LINE),
	]);
	return {stream, payloads};
}

describe('FrameDecoder', () => {
	it('gives the same frames and text however the stream is split in two', () => {
		const {stream, payloads} = sampleStream();
		for (let cut = 0; cut <= stream.length; cut++) {
			const {decoder, frames, text} = collectingDecoder();
			pushSplit(decoder, stream, [cut]);
			decoder.end();
			assert.deepEqual(
				frames.map(f => f.payload),
				payloads,
				`split at ${cut}`,
			);
			assert.deepEqual(text, [LOG_TEXT, 'ESP-ROM:esp32c3-api1-20210207', LOG_TEXT], `split at ${cut}`);
			assert.equal(decoder.counters.noiseBytes, 0);
			assert.equal(decoder.counters.bytes, stream.length);
		}
	});

	it('gives the same result when fed one byte at a time and in three random cuts', () => {
		const {stream, payloads} = sampleStream();
		const single = collectingDecoder();
		for (let i = 0; i < stream.length; i++) single.decoder.push(stream.subarray(i, i + 1), 0);
		single.decoder.end();
		assert.deepEqual(
			single.frames.map(f => f.payload),
			payloads,
		);
		for (let a = 1; a < stream.length; a += 37) {
			for (let b = a; b < stream.length; b += 53) {
				const {decoder, frames} = collectingDecoder();
				pushSplit(decoder, stream, [a, b]);
				assert.deepEqual(
					frames.map(f => f.payload),
					payloads,
					`cuts ${a},${b}`,
				);
			}
		}
	});

	it('finds a real frame hidden behind a false start marker', () => {
		const real = encodeFrame(MAC, FrameType.Data, 3, Buffer.from('real'));
		// A false start whose "length" field claims 1000 bytes: the real frame starts inside them.
		const falseStart = Buffer.concat([START_MARKER, Buffer.alloc(6, 1), Buffer.from([2]), Buffer.alloc(4), Buffer.from([0, 0, 0x03, 0xe8])]);
		const stream = Buffer.concat([falseStart, real, Buffer.alloc(1200, 0x41), Buffer.from('\n')]);
		for (const cut of [0, 5, 19, 25, 40, stream.length - 1]) {
			const {decoder, frames} = collectingDecoder();
			pushSplit(decoder, stream, [cut]);
			decoder.end();
			assert.deepEqual(
				frames.map(f => f.payload.toString()),
				['real'],
				`cut ${cut}`,
			);
		}
	});

	it('finds a frame whose start marker sits inside a checksum, a log line or another marker run', () => {
		const frame = encodeFrame(OTHER, FrameType.Data, 9, Buffer.from('payload'));
		const stream = Buffer.concat([Buffer.from('I (1) text with a marker '), START_MARKER, Buffer.from(' inside\r\n'), START_MARKER, START_MARKER.subarray(0, 2), frame]);
		const {decoder, frames, text} = collectingDecoder();
		pushSplit(decoder, stream, [3, 30]);
		decoder.end();
		assert.deepEqual(
			frames.map(f => f.payload.toString()),
			['payload'],
		);
		assert.equal(text.length, 1);
		assert.match(text[0]!, /^I \(1\) text with a marker .+ inside$/);
		assert.equal(decoder.counters.noiseBytes, 6);
	});

	it('rejects a wrong checksum and reports it with the header fields', () => {
		const frame = encodeFrame(MAC, FrameType.Data, 4, Buffer.from('abcdefgh'));
		frame[20]! ^= 0x10;
		const good = encodeFrame(MAC, FrameType.Data, 5, Buffer.from('next'));
		const {decoder, frames, corrupt} = collectingDecoder();
		decoder.push(Buffer.concat([frame, good]), 0);
		assert.deepEqual(
			frames.map(f => f.sequence),
			[5],
		);
		assert.deepEqual(corrupt, [{mac: MAC, type: FrameType.Data, sequence: 4, length: 8}]);
		assert.equal(decoder.counters.checksumErrors, 1);
	});

	it('rejects a wrong end marker, an invalid type and an oversized length at once', () => {
		const badEnd = encodeFrame(MAC, FrameType.Data, 1, Buffer.from('xx'));
		badEnd[badEnd.length - 1] = 0;
		const badType = encodeFrame(MAC, 7, 1, Buffer.from('xx'));
		const huge = encodeFrame(MAC, FrameType.Data, 1, Buffer.alloc(300));
		const good = encodeFrame(MAC, FrameType.Eof, 0, Buffer.from('EOF!'));
		const {decoder, frames} = collectingDecoder({maxPayloadLength: 250});
		decoder.push(Buffer.concat([badEnd, badType, huge, good]), 0);
		assert.deepEqual(
			frames.map(f => f.type),
			[FrameType.Eof],
		);
		assert.equal(decoder.counters.badEndMarkers, 1);
		assert.equal(decoder.counters.badHeaders, 2);
		assert.equal(decoder.pendingBytes, 0);
	});

	it('accepts ESP-NOW v2 payloads of 1470 bytes by default and rejects 1471', () => {
		const {decoder, frames} = collectingDecoder();
		decoder.push(encodeFrame(MAC, FrameType.Data, 1, Buffer.alloc(1470, 1)), 0);
		decoder.push(encodeFrame(MAC, FrameType.Data, 2, Buffer.alloc(1471, 1)), 0);
		decoder.end();
		assert.deepEqual(
			frames.map(f => f.payload.length),
			[1470],
		);
		assert.equal(decoder.counters.badHeaders, 1);
	});

	it('gives up a stalled candidate so that frames after it are not held back', () => {
		const truncated = encodeFrame(MAC, FrameType.Data, 1, Buffer.alloc(200, 3)).subarray(0, 100);
		const {decoder, frames} = collectingDecoder({stallMs: 1000});
		decoder.push(truncated, 0);
		decoder.poll(999);
		assert.equal(decoder.pendingBytes, 100);
		decoder.poll(1000);
		assert.equal(decoder.pendingBytes, 0);
		assert.equal(decoder.counters.stalls, 1);
		decoder.push(encodeFrame(MAC, FrameType.Data, 2, Buffer.from('after')), 1500);
		assert.deepEqual(
			frames.map(f => f.payload.toString()),
			['after'],
		);
	});

	it('does not give up a candidate whose bytes keep arriving', () => {
		const frame = encodeFrame(MAC, FrameType.Data, 1, Buffer.alloc(200, 3));
		const {decoder, frames} = collectingDecoder({stallMs: 1000});
		for (let i = 0; i < frame.length; i += 10) {
			decoder.push(frame.subarray(i, i + 10), i * 50);
			decoder.poll(i * 50 + 900);
		}

		assert.equal(frames.length, 1);
	});

	it('finds a frame behind a stalled false start when giving up', () => {
		const falseStart = Buffer.concat([START_MARKER, Buffer.alloc(6), Buffer.from([2]), Buffer.alloc(4), Buffer.from([0, 0, 1, 0])]);
		const real = encodeFrame(MAC, FrameType.Eof, 0, Buffer.from('EOF!'));
		const {decoder, frames} = collectingDecoder();
		decoder.push(Buffer.concat([falseStart, real]), 0);
		assert.equal(frames.length, 0);
		decoder.poll(5000);
		assert.equal(frames.length, 1);
	});

	it('turns interleaved log output into sanitised lines, escape sequences removed', () => {
		const hostile = 'I (5) evil \x1b]0;pwned\x07title \x1b]52;c;ZXZpbA==\x1b\\clip \x1b[2J\x1b[Hcleared \u009b31mred\u202e!\r\n';
		const {decoder, text} = collectingDecoder();
		decoder.push(Buffer.from(hostile + '\r\n\x1b[0m\r\nrst:0x15 (USB_UART_CHIP_RESET),boot:0xd\r\n'), 0);
		assert.deepEqual(text, ['I (5) evil title clip cleared red!', 'rst:0x15 (USB_UART_CHIP_RESET),boot:0xd']);
		for (const line of text) assert.doesNotMatch(line, /[\x00-\x1f\x7f-\x9f]/);
	});

	it('keeps a log line that follows the bytes of a broken frame without a newline', () => {
		const broken = encodeFrame(MAC, FrameType.Data, 2, Buffer.from([0xff, 0xd8, 0x81, 0x92, 0xa3, 0xb4, 0x20, 0x41, 0xc5, 0xd6, 0xe7, 0xf8]));
		const cut = broken.subarray(0, broken.length - 10);
		const {decoder, text} = collectingDecoder();
		decoder.push(Buffer.concat([cut, Buffer.from(LOG_LINE)]), 0);
		assert.deepEqual(text, [LOG_TEXT]);
	});

	it('counts binary garbage as noise, not as text lines', () => {
		const garbage = Buffer.alloc(5000);
		for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
		const {decoder, text} = collectingDecoder();
		decoder.push(garbage, 0);
		decoder.end();
		assert.deepEqual(text, []);
		// LF and CR end lines; the bytes between them are noise.
		assert.equal(decoder.counters.noiseBytes, garbage.length - garbage.filter(b => b === 0x0a || b === 0x0d).length);
	});

	it('keeps an endless line as one, memory bounded: its head and how much was dropped', () => {
		const {decoder, text} = collectingDecoder({maxLineBytes: 100});
		for (let i = 0; i < 1000; i++) decoder.push(Buffer.alloc(1000, 0x41), 0);
		assert.equal(decoder.pendingBytes, 0);
		assert.equal(text.length, 0);
		decoder.end();
		assert.deepEqual(text, [`${'A'.repeat(100)} … (999900 bytes dropped)`]);
	});

	it('holds back at most one frame of bytes, even on endless false starts', () => {
		const falseStart = Buffer.concat([START_MARKER, Buffer.alloc(6), Buffer.from([2]), Buffer.alloc(4), Buffer.from([0, 0, 5, 0xbe])]);
		const {decoder} = collectingDecoder();
		let maxPending = 0;
		for (let i = 0; i < 2000; i++) {
			decoder.push(falseStart, 0);
			maxPending = Math.max(maxPending, decoder.pendingBytes);
		}

		assert.ok(maxPending <= 27 + 1470, `held ${maxPending}`);
		assert.ok(decoder.counters.badEndMarkers > 0);
	});
});
