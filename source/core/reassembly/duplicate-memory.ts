import type {MacNumber} from '../protocol/mac.js';
import type {ImageOutcome} from './camera-stats.js';
import {sha256Hex} from './sha256-hex.js';

/** What the memory needs of a finished image (an ImageResult). */
export interface FinishedImage {
	mac: MacNumber;
	outcome: ImageOutcome;
	expectedSha256?: string;
	data: Uint8Array;
	relay?: number;
	startedAt: number;
	endedAt: number;
}

/** How long an image saved good is remembered, to know a copy through another relay. */
const DUPLICATE_WITHIN_MS = 60_000;
/**
 * A copy through another relay that began this soon after the saved image ended is the same wake heard twice
 * (a lagging relay's queue); one that began later is a later wake with the same bytes (a dark night).
 */
const SAME_WAKE_STARTED_WITHIN_MS = 10_000;
/** A HASH another relay passed on this recently, word for word, is the same wake heard twice. */
const SAME_HASH_WITHIN_MS = 10_000;
/** Images and HASHes remembered for that at most (a flood must not grow memory); the oldest are forgotten first. */
const MAX_REMEMBERED = 4096;

/** When and through which relay something (an image, a HASH) was first heard. */
interface HeardAt {
	at: number;
	relay: number;
	/** For a saved image: it was verified (a copy without HASH proves less). */
	verified?: boolean;
}

/**
 * What several relays heard lately, to tell a wake heard by two of them once:
 * its HASH (the battery reading) and its image. Bounded in time and size.
 */
export class DuplicateMemory {
	/** Camera and SHA-256 of images saved good, with when and through which relay, oldest first. */
	private readonly recentlySaved = new Map<string, HeardAt>();
	/** Camera and HASH text of recent HASHes, oldest first: one relay may run a wake or more ahead of another. */
	private readonly recentHashes = new Map<string, HeardAt>();

	/** True when another relay passed on this very HASH lately (one wake heard twice); remembers it otherwise. */
	hashHeardBefore(mac: MacNumber, payload: Buffer, relay: number, nowMs: number): boolean {
		// One HASH per wake: a string per HASH is no cost. Its SHA-256 makes it this wake's.
		const key = `${mac} ${payload.toString('latin1')}`;
		const heard = this.recentHashes.get(key);
		if (heard && heard.relay !== relay && nowMs - heard.at < SAME_HASH_WITHIN_MS) return true;
		remember(this.recentHashes, key, {at: nowMs, relay});
		return false;
	}

	/**
	 * Another relay delivered this image whole within the last minute: a good
	 * copy has the same SHA-256, a broken one announced it in its HASH. (One
	 * relay sending the same bytes twice is kept twice, as with one relay.)
	 * Remembers a good image that is no copy.
	 */
	imageSavedBefore(result: FinishedImage): boolean {
		// A HASH's digest was checked already; a whole JPEG without one is hashed here.
		const sha256 = result.expectedSha256 ?? (result.outcome === 'unverified' ? sha256Hex(result.data) : undefined);
		if (sha256 === undefined) return false;
		// The same camera's: two cameras may well send the same bytes (a dark night, a test pattern).
		const key = `${result.mac} ${sha256}`;
		const saved = this.recentlySaved.get(key);
		const relay = result.relay ?? 0;
		const verified = result.outcome === 'verified';
		// A copy with its HASH proves what one without it could not: it is saved too, as verified.
		if (saved && saved.relay !== relay && result.startedAt - saved.at < SAME_WAKE_STARTED_WITHIN_MS && (saved.verified || !verified)) return true;
		if (result.outcome !== 'incomplete') remember(this.recentlySaved, key, {at: result.endedAt, relay, verified});

		return false;
	}

	/** Forgets what is too old to have a copy still coming. */
	forgetOld(nowMs: number): void {
		forgetBefore(this.recentlySaved, nowMs - DUPLICATE_WITHIN_MS);
		forgetBefore(this.recentHashes, nowMs - SAME_HASH_WITHIN_MS);
	}
}

/** Remembers `key` as the newest (re-inserted: the map stays oldest first), forgetting the oldest beyond the bound. */
function remember(recent: Map<string, HeardAt>, key: string, heard: HeardAt): void {
	recent.delete(key);
	recent.set(key, heard);
	if (recent.size > MAX_REMEMBERED) recent.delete(recent.keys().next().value!);
}

/** Forgets what was heard before `beforeMs` (the map is oldest first). */
function forgetBefore(recent: Map<string, HeardAt>, beforeMs: number): void {
	for (const [key, heard] of recent) {
		if (heard.at >= beforeMs) return;
		recent.delete(key);
	}
}
