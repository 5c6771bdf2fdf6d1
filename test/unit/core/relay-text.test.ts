import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FrameType} from '../../../source/core/protocol/constants.js';
import {encodeFrame} from '../../../source/core/protocol/frame-encoder.js';
import {Prng} from '../../../source/simulator/prng.js';
import {collectingDecoder, pushSplit} from '../../helpers/collect-decoder.js';
import {fakeJpeg} from '../../helpers/camera-frames.js';

const MAC = 0x240a1b2c3d4e;
const ROM_BANNER =
	'ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\nrst:0x15 (USB_UART_CHIP_RESET),boot:0xd (SPI_FAST_FLASH_BOOT)\r\n' +
	'Saved PC:0x403807a8\r\nSPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fcd5810,len:0x438\r\nentry 0x403ce000\r\n';

function randomBytes(length: number, seed: number): Buffer {
	const random = new Prng(seed);
	const bytes = Buffer.allocUnsafe(length);
	for (let i = 0; i < length; i += 4) bytes.writeUInt32LE(Math.floor(random.next() * 2 ** 32), i);
	return bytes;
}

describe('relay text around frames', () => {
	it('keeps every line of the ROM banner when a relay reboot cuts a frame in half', () => {
		const image = fakeJpeg(600, 4);
		const frame = encodeFrame(MAC, FrameType.Data, 2, image.subarray(250, 500));
		for (const cut of [19, 60, 150, frame.length - 9]) {
			const after = encodeFrame(MAC, FrameType.Hash, 0, Buffer.from(`HASH:${'a'.repeat(64)},VOLT:80`));
			const stream = Buffer.concat([frame.subarray(0, cut), Buffer.from(ROM_BANNER), after]);
			for (const split of [[], [cut + 3], [cut + 40, cut + 41]]) {
				const {decoder, frames, text} = collectingDecoder();
				pushSplit(decoder, stream, split);
				decoder.end();
				assert.deepEqual(text, ROM_BANNER.trim().split('\r\n'), `cut at ${cut}, split ${split.join()}`);
				assert.deepEqual(
					frames.map(f => f.type),
					[FrameType.Hash],
					`cut at ${cut}`,
				);
			}
		}
	});

	it('keeps a coloured ESP-IDF log line glued to the rest of a broken frame', () => {
		const frame = encodeFrame(MAC, FrameType.Data, 7, fakeJpeg(250, 9));
		const line = '\x1b[0;33mW (123456) usb_cdc_receiver: ESP-NOW CB [24:0a:1b:2c:3d:4e]: Received EOF marker\x1b[0m\r\n';
		const {decoder, text} = collectingDecoder();
		decoder.push(Buffer.concat([frame.subarray(0, 200), Buffer.from(line)]), 0);
		decoder.end();
		assert.deepEqual(text, ['W (123456) usb_cdc_receiver: ESP-NOW CB [24:0a:1b:2c:3d:4e]: Received EOF marker']);
	});

	it('turns 20 MB of random bytes into noise, not relay lines', () => {
		const {decoder, text} = collectingDecoder();
		const junk = randomBytes(20 * 1024 * 1024, 11);
		for (let offset = 0; offset < junk.length; offset += 65_536) decoder.push(junk.subarray(offset, offset + 65_536), 0);
		decoder.end();
		// About 80,000 newlines: before, one line in twenty came out as "text".
		assert.ok(text.length <= 4, `${text.length} lines from random bytes: ${text.slice(0, 5).join(' | ')}`);
		assert.ok(decoder.counters.noiseBytes > 19 * 1024 * 1024);
	});

	it('still shows short real lines between frames', () => {
		const {decoder, text} = collectingDecoder();
		decoder.push(Buffer.from('SPIWP:0xee\r\nmode:DIO\r\nCamera à l’est\r\n'), 0);
		decoder.end();
		assert.deepEqual(text, ['SPIWP:0xee', 'mode:DIO', 'Camera à l’est']);
	});
});
