export interface HashAnnouncement {
	/** 64 lowercase hex digits, or undefined when the camera failed to capture (all zeros). */
	sha256?: string;
	/** Battery/solar voltage in percent, 0..100. */
	voltage: number;
}

const HASH_PAYLOAD = /^HASH:([0-9a-fA-F]{64}),VOLT:(\d{1,3})$/;
const NO_CAPTURE = '0'.repeat(64);

/** Parses `HASH:<64 hex>,VOLT:<0..100>`; undefined if the payload is anything else. */
export function parseHashPayload(payload: Uint8Array): HashAnnouncement | undefined {
	if (payload.length > 80) return undefined;
	const match = HASH_PAYLOAD.exec(Buffer.from(payload.buffer, payload.byteOffset, payload.length).toString('latin1'));
	if (!match) return undefined;
	const voltage = Number(match[2]);
	if (voltage > 100) return undefined;
	const sha256 = match[1]!.toLowerCase();
	return sha256 === NO_CAPTURE ? {voltage} : {sha256, voltage};
}
