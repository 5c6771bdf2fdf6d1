import type {FrameType} from '../protocol/constants.js';
import type {Frame} from '../protocol/frame-decoder.js';
import type {MacNumber} from '../protocol/mac.js';

export interface HeldFrame {
	mac: MacNumber;
	type: FrameType;
	sequence: number;
	/** A copy: at most one frame's data. */
	payload: Buffer;
	at: number;
	/** The relay it came through. */
	relay: number;
}

/** Lone frames held at most; a flood of phantom MACs pushes out the oldest. */
const MAX_HELD = 128;

/**
 * The first frame of each MAC that is not (yet) a camera, held until the
 * MAC's second frame makes it one, or given up after a while (counted by
 * `onGivenUp`). Bounded: memory is MAX_HELD frames whatever arrives.
 */
export class StrayFrames {
	/** In arrival order (a Map keeps insertion order): the first entry is the oldest. */
	private readonly held = new Map<MacNumber, HeldFrame>();

	constructor(private readonly onGivenUp: () => void) {}

	hold(frame: Frame, nowMs: number, relay = 0): void {
		if (this.held.size >= MAX_HELD) this.giveUp(this.held.keys().next().value!);
		this.held.set(frame.mac, {mac: frame.mac, type: frame.type, sequence: frame.sequence, payload: Buffer.from(frame.payload), at: nowMs, relay});
	}

	/** Removes and returns the frame held for `mac`. */
	take(mac: MacNumber): HeldFrame | undefined {
		const frame = this.held.get(mac);
		if (frame) this.held.delete(mac);
		return frame;
	}

	/** Gives up every frame held since before `beforeMs`. */
	expire(beforeMs: number): void {
		for (const frame of this.held.values()) {
			if (frame.at >= beforeMs) break;
			this.giveUp(frame.mac);
		}
	}

	/** See Reassembler.discount(). */
	discount(ms: number, nowMs: number): void {
		for (const frame of this.held.values()) frame.at = Math.min(nowMs, frame.at + ms);
	}

	private giveUp(mac: MacNumber): void {
		this.held.delete(mac);
		this.onGivenUp();
	}
}
