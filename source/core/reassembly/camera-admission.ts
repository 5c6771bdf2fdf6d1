import type {Frame} from '../protocol/frame-decoder.js';
import type {MacNumber} from '../protocol/mac.js';
import {newCameraStats, type CameraStats} from './camera-stats.js';
import {StrayFrames, type HeldFrame} from './stray-frames.js';

export interface CameraAdmissionOptions {
	/** Cameras known beforehand (the cameras file): real from their first frame, never forgotten. */
	known?: Iterable<MacNumber>;
	/** Cameras kept at most; when full, the idle one with the fewest frames makes room. */
	maxCameras: number;
	/** Told how many held frames were given up (their MACs never proved real). */
	onStray: (frames: number) => void;
}

/**
 * Which MACs are cameras. A frame's MAC is its camera's: a flipped bit does
 * not get through the radio's FCS or USB's CRC, while cameras from one batch
 * really are one bit apart, so a frame is never given to another MAC. A MAC
 * becomes a camera with its second frame (or when known beforehand); until
 * then its frames are held (bounded, see StrayFrames) and, once it proves
 * real, handed back to be used in order; those of MACs that never do are
 * counted as stray.
 */
export class CameraAdmission {
	private readonly cameras = new Map<MacNumber, CameraStats>();
	private readonly stray: StrayFrames;
	private readonly known: Set<MacNumber>;

	constructor(private readonly options: CameraAdmissionOptions) {
		this.known = new Set(options.known);
		this.stray = new StrayFrames(options.onStray);
	}

	get all(): ReadonlyMap<MacNumber, CameraStats> {
		return this.cameras;
	}

	/** Frames of MACs not (yet) cameras, held until they prove real. */
	get heldFrames(): number {
		return this.stray.size;
	}

	get(mac: MacNumber): CameraStats | undefined {
		return this.cameras.get(mac);
	}

	/**
	 * The camera for a frame from a MAC that is not (yet) one, with the frames
	 * it sent before (to be handled first, in order). Undefined while the frame
	 * is held: until its MAC's second frame, or while the camera list is full.
	 */
	admit(frame: Frame, nowMs: number, relay: number): {camera: CameraStats; held: readonly HeldFrame[]} | undefined {
		const since = this.stray.since(frame.mac);
		const camera = since !== undefined || this.known.has(frame.mac) ? this.newCamera(frame.mac, since ?? nowMs) : undefined;
		if (!camera) {
			this.stray.hold(frame, nowMs, relay);
			return undefined;
		}

		return {camera, held: this.stray.take(frame.mac)};
	}

	/** Gives up the held frames of every MAC whose first one came before `beforeMs` (Infinity: all). */
	expire(beforeMs: number): void {
		this.stray.expire(beforeMs);
	}

	/** See Reassembler.discount(). */
	discount(ms: number, nowMs: number): void {
		this.stray.discount(ms, nowMs);
	}

	/** Undefined when the camera list is full of cameras receiving images: a newcomer never evicts one. */
	private newCamera(mac: MacNumber, nowMs: number): CameraStats | undefined {
		if (this.cameras.size >= this.options.maxCameras && !this.forgetOneCamera()) return undefined;

		const camera = newCameraStats(mac, nowMs);
		this.cameras.set(mac, camera);
		return camera;
	}

	/** Forgets the idle camera with the fewest frames; false when every camera is receiving. */
	private forgetOneCamera(): boolean {
		let victim: CameraStats | undefined;
		for (const camera of this.cameras.values()) {
			if (camera.receiving || this.known.has(camera.mac)) continue;
			if (!victim || camera.frames < victim.frames) victim = camera;
		}

		if (victim) this.cameras.delete(victim.mac);
		return victim !== undefined;
	}
}
