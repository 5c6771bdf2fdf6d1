import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {frameChecksum} from '../source/protocol/checksum.js';
import {FrameType} from '../source/protocol/constants.js';
import {encodeFrame} from '../source/protocol/frame-encoder.js';
import {collectingDecoder} from './helpers/collect-decoder.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const MAC = 0x240a1b2c3d4e;

describe('docs/protocol.md', () => {
	it('its test vectors are what the encoder writes and the decoder accepts', () => {
		const blocks = [...read('docs/protocol.md').matchAll(/```\n([\da-f\n]+)```/g)].map(match => match[1]!.replaceAll('\n', ''));
		const expected = [
			encodeFrame(MAC, FrameType.Hash, 0, Buffer.from('HASH:' + '0'.repeat(64) + ',VOLT:87')),
			encodeFrame(MAC, FrameType.Data, 1, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00])),
			encodeFrame(MAC, FrameType.Data, 2, Buffer.from([1, 2, 3, 4, 0x10, 0x20, 0x30, 0x40, 0xff])),
			encodeFrame(MAC, FrameType.Eof, 0, Buffer.from('EOF!')),
			encodeFrame(MAC, FrameType.Hash, 0, Buffer.from('HASH:' + 'ab'.repeat(32) + ',VOLT:101')),
		];
		assert.deepEqual(blocks, expected.map(frame => frame.toString('hex')));
		const {decoder, frames} = collectingDecoder();
		decoder.push(Buffer.concat(expected), 0);
		assert.equal(frames.length, expected.length);
		assert.equal(frameChecksum(Buffer.from([1, 2, 3, 4, 0x10, 0x20, 0x30, 0x40, 0xff])), 0x443322ee);
	});

	it('is what the readme links to', () => {
		const readme = read('readme.md');
		assert.match(readme, /\]\(docs\/protocol\.md\)/);
		assert.doesNotMatch(readme, /\.\.\/shared\//);
	});
});
