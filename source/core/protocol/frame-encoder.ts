import {frameChecksum} from './checksum.js';
import {END_MARKER, FRAME_OVERHEAD, FrameType, HEADER_SIZE, OFFSET_LENGTH, OFFSET_MAC, OFFSET_SEQ, OFFSET_TYPE, START_MARKER} from './constants.js';
import type {MacNumber} from './mac.js';

/** Builds one relay frame, exactly as the relay firmware writes it. */
export function encodeFrame(mac: MacNumber, type: FrameType | number, sequence: number, payload: Uint8Array): Buffer {
	const frame = Buffer.allocUnsafe(FRAME_OVERHEAD + payload.length);
	START_MARKER.copy(frame, 0);
	frame.writeUIntBE(mac, OFFSET_MAC, 6);
	frame[OFFSET_TYPE] = type;
	frame.writeUInt32BE(sequence >>> 0, OFFSET_SEQ);
	frame.writeUInt32BE(payload.length, OFFSET_LENGTH);
	frame.set(payload, HEADER_SIZE);
	frame.writeUInt32BE(frameChecksum(payload), HEADER_SIZE + payload.length);
	END_MARKER.copy(frame, HEADER_SIZE + payload.length + 4);
	return frame;
}

/** The HASH payload: `HASH:<64 hex>,VOLT:<0..100>`. */
export function hashPayload(sha256Hex: string, voltPercent: number): Buffer {
	return Buffer.from(`HASH:${sha256Hex},VOLT:${Math.round(voltPercent)}`, 'latin1');
}
