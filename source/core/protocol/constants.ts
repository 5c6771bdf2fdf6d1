/** Wire-format constants of the relay's frames (see docs/protocol.md). */
export const START_MARKER = Buffer.from([0xfa, 0xce, 0xaa, 0xbb]);
export const END_MARKER = Buffer.from([0xcd, 0xef, 0x56, 0x78]);

/** start marker 4 + MAC 6 + type 1 + sequence 4 + length 4 */
export const HEADER_SIZE = 19;
/** checksum 4 + end marker 4 */
export const FOOTER_SIZE = 8;
export const FRAME_OVERHEAD = HEADER_SIZE + FOOTER_SIZE;

export const OFFSET_MAC = 4;
export const OFFSET_TYPE = 10;
export const OFFSET_SEQ = 11;
export const OFFSET_LENGTH = 15;

/** ESP-NOW v1 payloads are at most 250 bytes, v2 at most 1470. */
export const ESPNOW_V1_MAX_PAYLOAD = 250;
export const ESPNOW_V2_MAX_PAYLOAD = 1470;

export enum FrameType {
	Hash = 1,
	Data = 2,
	Eof = 3,
}

export const EOF_PAYLOAD = Buffer.from('EOF!', 'latin1');
