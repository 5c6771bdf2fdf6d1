import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {frameChecksum} from '../../../source/core/protocol/checksum.js';
import {FrameType} from '../../../source/core/protocol/constants.js';
import {encodeFrame} from '../../../source/core/protocol/frame-encoder.js';
import {macToCompact, macToString, parseMac} from '../../../source/core/protocol/mac.js';
import {collectingDecoder} from '../../helpers/collect-decoder.js';

// The test vectors of docs/protocol.md, byte for byte.
const MAC = parseMac('24:0a:1b:2c:3d:4e')!;
const HASH_TEXT = 'HASH:' + '0'.repeat(64) + ',VOLT:87';
const HASH_HEX =
	'faceaabb240a1b2c3d4e01000000000000004d484153483a30303030303030303030303030303030' +
	'30303030303030303030303030303030303030303030303030303030303030303030303030303030' +
	'30303030303030302c564f4c543a38373f3f3909cdef5678';
const DATA_HEX = 'faceaabb240a1b2c3d4e020000000100000005ffd8ffe000e0ffd8ffcdef5678';
const EOF_HEX = 'faceaabb240a1b2c3d4e030000000000000004454f462121464f45cdef5678';

describe('checksum (docs/protocol.md)', () => {
	it('reads 4-byte words little-endian and XORs them', () => {
		assert.equal(frameChecksum(Buffer.from([1, 2, 3, 4])), 0x04030201);
	});
	it('zero-pads the last word', () => {
		assert.equal(frameChecksum(Buffer.from([1, 2, 3, 4, 5])), 0x04030204);
	});
	it('matches the EOF vector', () => {
		assert.equal(frameChecksum(Buffer.from('EOF!')), 0x21464f45);
	});
	it('matches the HASH and DATA vectors', () => {
		assert.equal(frameChecksum(Buffer.from(HASH_TEXT)), 0x3f3f3909);
		assert.equal(frameChecksum(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00])), 0xe0ffd8ff);
	});
	it('is zero for no data and honours a sub-range', () => {
		assert.equal(frameChecksum(Buffer.alloc(0)), 0);
		assert.equal(frameChecksum(Buffer.from([9, 1, 2, 3, 4, 9]), 1, 5), 0x04030201);
	});
});

describe('encoder (docs/protocol.md vectors)', () => {
	it('encodes HASH, DATA and EOF exactly as the relay does', () => {
		assert.equal(encodeFrame(MAC, FrameType.Hash, 0, Buffer.from(HASH_TEXT)).toString('hex'), HASH_HEX);
		assert.equal(encodeFrame(MAC, FrameType.Data, 1, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0])).toString('hex'), DATA_HEX);
		assert.equal(encodeFrame(MAC, FrameType.Eof, 0, Buffer.from('EOF!')).toString('hex'), EOF_HEX);
	});
});

describe('decoder (docs/protocol.md vectors)', () => {
	it('decodes the three vectors', () => {
		const {decoder, frames, text} = collectingDecoder();
		decoder.push(Buffer.from(HASH_HEX + DATA_HEX + EOF_HEX, 'hex'), 0);
		assert.deepEqual(
			frames.map(f => [macToString(f.mac), f.type, f.sequence, f.payload.toString('latin1')]),
			[
				['24:0a:1b:2c:3d:4e', FrameType.Hash, 0, HASH_TEXT],
				['24:0a:1b:2c:3d:4e', FrameType.Data, 1, '\xff\xd8\xff\xe0\x00'],
				['24:0a:1b:2c:3d:4e', FrameType.Eof, 0, 'EOF!'],
			],
		);
		assert.deepEqual(text, []);
		assert.equal(decoder.counters.noiseBytes, 0);
		assert.equal(decoder.pendingBytes, 0);
		assert.equal(decoder.counters.hashFrames, 1);
		assert.equal(decoder.counters.dataFrames, 1);
		assert.equal(decoder.counters.eofFrames, 1);
	});
});

describe('MAC helpers', () => {
	it('formats and parses', () => {
		assert.equal(macToString(MAC), '24:0a:1b:2c:3d:4e');
		assert.equal(macToCompact(MAC), '240a1b2c3d4e');
		assert.equal(parseMac('24-0A-1B-2C-3D-4E'), MAC);
		assert.equal(parseMac('240a1b2c3d4e'), MAC);
		assert.equal(parseMac('24:0a:1b'), undefined);
		assert.equal(macToString(1), '00:00:00:00:00:01');
	});
});
