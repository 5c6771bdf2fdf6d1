import type {MacNumber} from '../protocol/mac.js';
import {RateMeter} from './rate-meter.js';

export type ImageOutcome = 'verified' | 'unverified' | 'incomplete';

/**
 * Why an image is incomplete:
 * - gap: DATA sequence numbers skipped or went back (chunks lost)
 * - hash-mismatch: the bytes' SHA-256 differs from the HASH
 * - not-jpeg: no HASH to check, and the bytes do not begin like a JPEG (FF D8):
 *   e.g. the tail of an image cut by a relay reboot, numbered afresh from 1
 * - truncated: no HASH to check, and the bytes begin like a JPEG but end before
 *   its EOI (FF D9): its last chunks were lost (padding after the EOI is not
 *   part of the JPEG: losing it cuts nothing)
 * - undecodable: no HASH to check, and the JPEG does not decode completely
 *   with a strict decoder (chunks lost over the air leave no hole in the
 *   numbering), or bytes that are not padding follow its EOI
 * - superseded: a new image began before this one's EOF
 * - timeout: no frame for this image for the image timeout
 * - oversize: more bytes than any camera image may have
 * - shutdown: the program stopped while it was open
 */
export type IncompleteReason = 'gap' | 'hash-mismatch' | 'not-jpeg' | 'truncated' | 'undecodable' | 'superseded' | 'timeout' | 'oversize' | 'shutdown';

export interface CameraStats {
	mac: MacNumber;
	firstSeenAt: number;
	lastFrameAt: number;
	/** Bit r set: relay number r has brought a frame of it (which relays can hear it). */
	heardByRelays: number;
	frames: number;
	/** Payload bytes of valid frames. */
	bytes: number;
	/** Places where DATA sequence numbers broke. */
	gaps: number;
	/** DATA frames known to be missing (from the sizes of the gaps). */
	missingFrames: number;
	checksumErrors: number;
	/** Frames that passed the checksum but made no sense (a HASH or EOF with the wrong content). */
	malformedFrames: number;
	images: Record<ImageOutcome, number>;
	/** Images another relay had already delivered whole (one wake heard by two relays): not counted in `images`. */
	duplicates: number;
	lastImageAt?: number;
	/** Size of the camera's last image, of any outcome: the next one is likely about as large. */
	lastImageBytes?: number;
	lastOutcome?: ImageOutcome;
	lastReason?: IncompleteReason;
	/** The last battery reading as a number, when it was one (it may lie outside 0..100). */
	lastBatteryPercent?: number;
	/** The last VOLT field as sent, and whether it was a whole number from 0 to 100. */
	lastReading?: string;
	lastReadingInRange?: boolean;
	/** The image being received now, if any. */
	receiving?: {chunks: number; bytes: number; startedAt: number; announced: boolean};
	throughput: RateMeter;
}

export function newCameraStats(mac: MacNumber, nowMs: number): CameraStats {
	return {
		mac,
		firstSeenAt: nowMs,
		lastFrameAt: nowMs,
		heardByRelays: 0,
		frames: 0,
		bytes: 0,
		gaps: 0,
		missingFrames: 0,
		checksumErrors: 0,
		malformedFrames: 0,
		images: {verified: 0, unverified: 0, incomplete: 0},
		duplicates: 0,
		throughput: new RateMeter(),
	};
}
