import type {SessionEvent} from '../session/session-events.js';
import {macToString, type MacNumber} from '../core/protocol/mac.js';

/** What the outputs call a MAC that is no camera (yet): its images and frames count here. */
export const OTHER_CAMERA = 'other';

/**
 * The MACs the outputs treat as cameras: named in --cameras, or once one sent
 * a good image (verified, or a whole JPEG). A phantom MAC (another ESP-NOW
 * sender nearby, a forged or chance frame) or a flood must not make series, topics or
 * devices of its own. Every output uses this one rule.
 */
export class RealCameras {
	private readonly real: Set<MacNumber>;

	constructor(named: Iterable<MacNumber> = []) {
		this.real = new Set(named);
	}

	/** Learns from an image; true when it made its MAC a camera just now. */
	learn(event: Extract<SessionEvent, {kind: 'image'}>): boolean {
		if (event.outcome === 'incomplete' || this.real.has(event.mac)) return false;
		this.real.add(event.mac);
		return true;
	}

	has(mac: MacNumber): boolean {
		return this.real.has(mac);
	}

	/** `aa:bb:cc:dd:ee:ff` for a camera, else OTHER_CAMERA. */
	label(mac: MacNumber): string {
		return this.real.has(mac) ? macToString(mac) : OTHER_CAMERA;
	}

	[Symbol.iterator](): IterableIterator<MacNumber> {
		return this.real.values();
	}
}
