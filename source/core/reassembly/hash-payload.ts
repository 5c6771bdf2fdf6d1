export interface HashAnnouncement {
	/** 64 lowercase hex digits, or undefined when the camera failed to capture (all zeros). */
	sha256?: string;
	/** The VOLT field as sent (printable, at most 16 characters); '' when there was none. */
	reading: string;
	/** The reading as a number when it is one (101 or 87.5 included), else undefined. */
	batteryPercent?: number;
	/** A whole number from 0 to 100, as the firmware documents it. */
	batteryInRange: boolean;
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
	const batteryPercent = NUMBER.test(reading) ? Number(reading) : undefined;
	const batteryInRange = batteryPercent !== undefined && Number.isInteger(batteryPercent) && batteryPercent >= 0 && batteryPercent <= 100;
	const sha256 = match[1]!.toLowerCase();
	return {...(sha256 === NO_CAPTURE ? {} : {sha256}), reading, batteryPercent, batteryInRange};
}

const HASH_PREFIX = Buffer.from('HASH:', 'latin1');
const VOLT_PREFIX = Buffer.from(',VOLT:', 'latin1');
const HEX_END = HASH_PREFIX.length + 64;

/**
 * Whether parseHashPayload() would find a hash in `payload`, read in place
 * (no string, no match): for frames of MACs not yet cameras, which a flood
 * brings by the thousand.
 */
export function isHashPayload(payload: Uint8Array): boolean {
	const length = payload.length;
	if (length !== HEX_END && (length < HEX_END + VOLT_PREFIX.length || length > HEX_END + VOLT_PREFIX.length + 16)) return false;
	if (!startsWith(payload, HASH_PREFIX, 0)) return false;
	for (let i = HASH_PREFIX.length; i < HEX_END; i++) if (!isHexDigit(payload[i]!)) return false;
	if (length === HEX_END) return true;
	if (!startsWith(payload, VOLT_PREFIX, HEX_END)) return false;
	for (let i = HEX_END + VOLT_PREFIX.length; i < length; i++) if (payload[i]! < 0x20 || payload[i]! > 0x7e) return false;
	return true;
}

function startsWith(payload: Uint8Array, prefix: Buffer, at: number): boolean {
	for (let i = 0; i < prefix.length; i++) if (payload[at + i] !== prefix[i]) return false;
	return true;
}

function isHexDigit(byte: number): boolean {
	return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}
