export interface HashAnnouncement {
	/** 64 lowercase hex digits, or undefined when the camera failed to capture (all zeros). */
	sha256?: string;
	/** The VOLT field as sent (printable, at most 16 characters); '' when there was none. */
	reading: string;
	/** The reading as a number when it is one (101 or 87.5 included), else undefined. */
	voltage?: number;
	/** A whole number from 0 to 100, as the firmware documents it. */
	voltageInRange: boolean;
}

const HASH_PAYLOAD = /^HASH:([0-9a-fA-F]{64})(?:,VOLT:([\x20-\x7e]{0,16}))?$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const NO_CAPTURE = '0'.repeat(64);

/**
 * Parses `HASH:<64 hex>,VOLT:<0..100>`; undefined if the hash itself is not
 * there. The hash is what proves an image, so an odd VOLT (101 from a solar
 * charger, a fraction, garbage) never costs it: the reading is kept as sent.
 */
export function parseHashPayload(payload: Uint8Array): HashAnnouncement | undefined {
	if (payload.length > 96) return undefined;
	const match = HASH_PAYLOAD.exec(Buffer.from(payload.buffer, payload.byteOffset, payload.length).toString('latin1'));
	if (!match) return undefined;
	const reading = match[2]?.trim() ?? '';
	const voltage = NUMBER.test(reading) ? Number(reading) : undefined;
	const voltageInRange = voltage !== undefined && Number.isInteger(voltage) && voltage >= 0 && voltage <= 100;
	const sha256 = match[1]!.toLowerCase();
	return {...(sha256 === NO_CAPTURE ? {} : {sha256}), reading, voltage, voltageInRange};
}
