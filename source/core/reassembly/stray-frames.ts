import {FrameType} from '../protocol/constants.js';
import type {Frame} from '../protocol/frame-decoder.js';
import type {MacNumber} from '../protocol/mac.js';
import {isHashPayload} from './hash-payload.js';

export interface HeldFrame {
	type: FrameType;
	sequence: number;
	/** A copy: at most one frame's data. */
	payload: Buffer;
	at: number;
	/** The relay it came through. */
	relay: number;
}

/** A MAC's first held frame (one object: a flood brings thousands of MACs with one frame each), and the rest. */
interface HeldMac extends HeldFrame {
	mac: MacNumber;
	/** Frames held after the first, in arrival order (only while the camera list is full). */
	later?: HeldFrame[];
}

/** Frames held at most, all MACs together: memory stays bounded whatever a flood brings. */
export const MAX_HELD = 256;
/** Frames held at most for one MAC (more only while the camera list is full of receiving cameras). */
const MAX_HELD_PER_MAC = 8;

/**
 * The frames of MACs that are not (yet) cameras, held until a second frame
 * proves the MAC real (then all of them are handed back, in order), or given
 * up after a while (each counted by `onGivenUp`). When full, a MAC holding
 * only one-off frames goes before one that sent what starts a wake (a
 * well-formed HASH, or DATA 1), so that a flood of phantoms does not push a
 * new camera's first frame out before its second comes.
 */
export class StrayFrames {
	/** MACs holding only one-off frames, oldest first (a Map keeps insertion order). */
	private readonly oneOff = new Map<MacNumber, HeldMac>();
	/** MACs holding a frame that starts a wake, oldest first. */
	private readonly starting = new Map<MacNumber, HeldMac>();
	private count = 0;

	constructor(private readonly onGivenUp: (frames: number) => void) {}

	/** Frames held now. */
	get size(): number {
		return this.count;
	}

	/** When the first frame held for `mac` came. */
	since(mac: MacNumber): number | undefined {
		return this.heldFor(mac)?.at;
	}

	hold(frame: Frame, nowMs: number, relay = 0): void {
		const {mac, type, sequence} = frame;
		let held = this.heldFor(mac);
		if (held && framesOf(held) >= MAX_HELD_PER_MAC) {
			this.onGivenUp(1);
			return;
		}

		if (this.count >= MAX_HELD) {
			this.makeRoom();
			// That may have given up this very MAC.
			held = this.heldFor(mac);
		}

		const payload = Buffer.from(frame.payload);
		if (held) (held.later ??= []).push({type, sequence, payload, at: nowMs, relay});
		else {
			held = {mac, type, sequence, payload, at: nowMs, relay};
			this.oneOff.set(mac, held);
		}

		this.count++;
		if (startsWake(frame) && this.oneOff.delete(mac)) this.starting.set(mac, held);
	}

	/** Removes and returns the frames held for `mac`, oldest first (none: an empty list). */
	take(mac: MacNumber): readonly HeldFrame[] {
		const held = this.heldFor(mac);
		if (!held) return [];
		this.forget(held);
		return held.later ? [held, ...held.later] : [held];
	}

	/** Gives up every MAC whose first frame came before `beforeMs`. */
	expire(beforeMs: number): void {
		for (const held of [...this.oneOff.values(), ...this.starting.values()]) {
			if (held.at < beforeMs) this.giveUp(held);
		}
	}

	/** See Reassembler.discount(). */
	discount(ms: number, nowMs: number): void {
		for (const held of [...this.oneOff.values(), ...this.starting.values()]) {
			for (const frame of [held, ...(held.later ?? [])]) frame.at = Math.min(nowMs, frame.at + ms);
		}
	}

	private heldFor(mac: MacNumber): HeldMac | undefined {
		return this.starting.get(mac) ?? this.oneOff.get(mac);
	}

	/** Gives up the oldest MAC with only one-off frames, or else the oldest of the others. */
	private makeRoom(): void {
		const victim = this.oneOff.values().next().value ?? this.starting.values().next().value;
		if (victim) this.giveUp(victim);
	}

	private giveUp(held: HeldMac): void {
		this.forget(held);
		this.onGivenUp(framesOf(held));
	}

	private forget(held: HeldMac): void {
		this.oneOff.delete(held.mac);
		this.starting.delete(held.mac);
		this.count -= framesOf(held);
	}
}

/** A frame a camera starts a wake with: a well-formed HASH, or DATA 1 (when the HASH was lost). */
function startsWake(frame: Frame): boolean {
	if (frame.type === FrameType.Data) return frame.sequence === 1;
	return frame.type === FrameType.Hash && frame.sequence === 0 && isHashPayload(frame.payload);
}

function framesOf(held: HeldMac): number {
	return 1 + (held.later?.length ?? 0);
}
