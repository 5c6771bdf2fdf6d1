import {createHash} from 'node:crypto';
import {EOF_PAYLOAD, FrameType} from '../protocol/constants.js';
import type {CorruptFrame, Frame} from '../protocol/frame-decoder.js';
import {differByOneBit, type MacNumber} from '../protocol/mac.js';
import {type CameraStats, type ImageOutcome, type IncompleteReason, newCameraStats} from './camera-stats.js';
import {GrowableBuffer} from './growable-buffer.js';
import {parseHashPayload, type HashAnnouncement} from './hash-payload.js';
import {jpegShape} from './jpeg-shape.js';
import {StrayFrames} from './stray-frames.js';

export interface ImageResult {
	mac: MacNumber;
	outcome: ImageOutcome;
	reason?: IncompleteReason;
	/** More about the reason, for people (e.g. where a JPEG stopped decoding). */
	detail?: string;
	/** The bytes as received, holes simply skipped. */
	data: Buffer;
	chunks: number;
	missingFrames: number;
	/** From the HASH, when one came. */
	expectedSha256?: string;
	/** Battery reading from the image's HASH, when it was a number. */
	voltage?: number;
	startedAt: number;
	endedAt: number;
}

export interface Telemetry {
	mac: MacNumber;
	/** The reading as a number, when it is one; it may lie outside 0..100. */
	voltage?: number;
	/** The VOLT field exactly as sent (printable, at most 16 characters). */
	reading: string;
	/** A whole number from 0 to 100, as documented. */
	inRange: boolean;
	/** The camera woke but could not take a picture (all-zero hash). */
	captureFailed: boolean;
	atMs: number;
}

export interface ReassemblerSink {
	/** An image whose outcome is settled. */
	image(result: ImageResult): void;
	/**
	 * A whole JPEG (SOI … EOI, DATA 1..N without a hole, EOF) that came
	 * without a HASH: only a strict decode can tell whether chunks were lost
	 * on the air. The caller decodes it off the main thread, then calls
	 * settleUnverified() with the verdict.
	 */
	unverified(result: ImageResult): void;
	telemetry(telemetry: Telemetry): void;
}

export interface ReassemblerOptions {
	/** An open image with no frame for this long is closed as incomplete. */
	imageTimeoutMs?: number;
	/** An image growing past this is closed as incomplete (bounds memory). */
	maxImageBytes?: number;
	/** All open images together may hold this much; past it the largest is closed as incomplete. */
	maxOpenBytes?: number;
	/** Cameras remembered at most; idle ones with the fewest frames are forgotten first. */
	maxCameras?: number;
	/** Cameras known beforehand (e.g. named in --cameras): real from their first frame. */
	knownCameras?: Iterable<MacNumber>;
}

export interface ReassemblerCounters {
	/** Frames from MACs never confirmed as cameras, given up (phantoms, floods). */
	strayFrames: number;
	/** Frames whose MAC was one bit off an open image's camera and that continued it. */
	repairedMacs: number;
	/** Checksum failures from MACs that are not cameras. */
	unknownChecksumErrors: number;
}

interface OpenImage {
	startedAt: number;
	lastFrameAt: number;
	/** The DATA sequence number that should come next. */
	nextSequence: number;
	data: GrowableBuffer;
	missingFrames: number;
	brokenSequence: boolean;
	expectedSha256?: string;
	voltage?: number;
	/** Chunks and bytes so far; also the camera's `receiving`, updated in place (no allocation per frame). */
	progress: NonNullable<CameraStats['receiving']>;
}

const SEQUENCE_MODULO = 2 ** 32;
/** More chunks than a camera image has (4 MiB in 250-byte chunks): a bigger skip is not loss. */
const MAX_PLAUSIBLE_SKIP = 16_384;
/** A HASH from a phantom MAC is taken by its one-bit neighbour if that camera's DATA 1 follows this soon. */
const ADOPT_HASH_WITHIN_MS = 5000;

/**
 * Rebuilds images per camera from verified frames, following the relay's
 * numbering (docs/protocol.md): HASH opens, DATA runs 1, 2, 3..., EOF closes.
 * Pure: frames and time in, images and telemetry out.
 *
 * The checksum does not cover the header, so a flipped MAC bit makes a
 * camera that does not exist. A MAC becomes a camera only with its second
 * frame (or when known beforehand); a lone frame is held briefly, then
 * counted as stray. A frame whose MAC is one bit off a camera with an open
 * image, and which continues that image, is given back to it.
 */
export class Reassembler {
	readonly counters: ReassemblerCounters = {strayFrames: 0, repairedMacs: 0, unknownChecksumErrors: 0};
	private readonly cameras = new Map<MacNumber, CameraStats>();
	private readonly open = new Map<MacNumber, OpenImage>();
	private readonly stray: StrayFrames;
	private readonly known: Set<MacNumber>;
	private readonly imageTimeoutMs: number;
	private readonly maxImageBytes: number;
	private readonly maxOpenBytes: number;
	private readonly maxCameras: number;
	private openBytes = 0;

	constructor(
		private readonly sink: ReassemblerSink,
		options: ReassemblerOptions = {},
	) {
		this.imageTimeoutMs = options.imageTimeoutMs ?? 20_000;
		this.maxImageBytes = options.maxImageBytes ?? 4 * 1024 * 1024;
		this.maxOpenBytes = options.maxOpenBytes ?? 64 * 1024 * 1024;
		this.maxCameras = options.maxCameras ?? 256;
		this.known = new Set(options.knownCameras);
		this.stray = new StrayFrames(() => this.counters.strayFrames++);
	}

	get cameraStats(): ReadonlyMap<MacNumber, CameraStats> {
		return this.cameras;
	}

	get openImages(): number {
		return this.open.size;
	}

	/** Checksum failures from MACs that are not cameras (kept for the totals). */
	get unknownChecksumErrors(): number {
		return this.counters.unknownChecksumErrors;
	}

	frame(frame: Frame, nowMs: number): void {
		const camera = this.cameras.get(frame.mac) ?? this.cameraFor(frame, nowMs);
		if (camera) this.accept(camera, frame.type, frame.sequence, frame.payload, nowMs);
	}

	corruptFrame(frame: CorruptFrame): void {
		const camera = this.cameras.get(frame.mac);
		if (camera) camera.checksumErrors++;
		else this.counters.unknownChecksumErrors++;
	}

	/** Closes images that have waited too long and gives up old stray frames; call it from a timer. */
	poll(nowMs: number): void {
		for (const [mac, image] of this.open) {
			if (nowMs - image.lastFrameAt >= this.imageTimeoutMs) this.end(mac, image, 'timeout', nowMs);
		}

		this.stray.expire(nowMs - this.imageTimeoutMs);
	}

	/**
	 * The program itself was not running for `ms` (stopped, swapped out): that
	 * time must not count against any image, since its frames may be waiting
	 * in the operating system's buffer.
	 */
	discount(ms: number, nowMs: number): void {
		for (const image of this.open.values()) image.lastFrameAt = Math.min(nowMs, image.lastFrameAt + ms);
		this.stray.discount(ms, nowMs);
	}

	/** Ends every open image (the program is stopping): incomplete as `shutdown`, unless its bytes are whole. */
	closeAll(nowMs: number): void {
		for (const [mac, image] of this.open) this.end(mac, image, 'shutdown', nowMs);
		this.stray.expire(Number.POSITIVE_INFINITY);
	}

	/** The verdict on an image handed to sink.unverified(): `whyNot` undefined means it decoded completely. */
	settleUnverified(result: ImageResult, whyNot: string | undefined): ImageResult {
		const settled: ImageResult = whyNot === undefined ? result : {...result, outcome: 'incomplete', reason: 'undecodable', detail: whyNot};
		this.recordOutcome(result.mac, settled.outcome, settled.reason, result.endedAt);
		return settled;
	}

	/** The camera a frame from a MAC that is not (yet) a camera belongs to, if any. */
	private cameraFor(frame: Frame, nowMs: number): CameraStats | undefined {
		if (this.known.has(frame.mac)) return this.newCamera(frame.mac, nowMs);
		const owner = this.neighbourContinuing(frame);
		if (owner) {
			this.counters.repairedMacs++;
			return owner;
		}

		const held = this.stray.take(frame.mac);
		if (!held) {
			this.stray.hold(frame, nowMs);
			return undefined;
		}

		// Its second frame: a real camera. What it sent first is handled first.
		const camera = this.newCamera(frame.mac, held.at);
		if (camera) this.accept(camera, held.type, held.sequence, held.payload, held.at);
		return camera;
	}

	/** A camera with an open image whose MAC is one bit off, when this frame continues that image. */
	private neighbourContinuing(frame: Frame): CameraStats | undefined {
		for (const [mac, image] of this.open) {
			if (!differByOneBit(mac, frame.mac)) continue;
			const continues =
				frame.type === FrameType.Data
					? frame.sequence === image.nextSequence
					: frame.type === FrameType.Eof && image.progress.chunks > 0 && isEofFrame(frame.sequence, frame.payload);
			if (continues) return this.cameras.get(mac);
		}

		return undefined;
	}

	private accept(camera: CameraStats, type: FrameType, sequence: number, payload: Buffer, nowMs: number): void {
		camera.frames++;
		camera.bytes += payload.length;
		camera.lastFrameAt = nowMs;
		camera.throughput.add(payload.length, nowMs);
		if (type === FrameType.Data) this.data(camera, sequence, payload, nowMs);
		else if (type === FrameType.Hash) this.hash(camera, sequence === 0 ? parseHashPayload(payload) : undefined, nowMs);
		else this.eof(camera, sequence, payload, nowMs);
	}

	private hash(camera: CameraStats, announcement: HashAnnouncement | undefined, nowMs: number): void {
		if (!announcement) {
			// It passed the checksum, so most likely a header bit flipped (the checksum covers only the data).
			camera.malformedFrames++;
			return;
		}

		camera.lastVoltage = announcement.voltage;
		camera.lastReading = announcement.reading;
		camera.lastReadingInRange = announcement.voltageInRange;
		this.sink.telemetry({
			mac: camera.mac,
			voltage: announcement.voltage,
			reading: announcement.reading,
			inRange: announcement.voltageInRange,
			captureFailed: !announcement.sha256,
			atMs: nowMs,
		});
		const previous = this.open.get(camera.mac);
		if (previous) this.end(camera.mac, previous, 'superseded', nowMs);
		if (announcement.sha256) this.start(camera, nowMs, announcement.sha256, announcement.voltage);
	}

	private data(camera: CameraStats, sequence: number, payload: Buffer, nowMs: number): void {
		let image = this.open.get(camera.mac);
		if (image && sequence === 1 && image.progress.chunks > 0) {
			this.end(camera.mac, image, 'superseded', nowMs);
			image = undefined;
		}

		if (!image) {
			const adopted = sequence === 1 ? this.adoptNeighbourHash(camera.mac, nowMs) : undefined;
			if (adopted) this.hash(camera, adopted, nowMs);
			image = this.open.get(camera.mac) ?? this.start(camera, nowMs);
		}

		if (sequence !== image.nextSequence) {
			const skipped = (sequence - image.nextSequence + SEQUENCE_MODULO) % SEQUENCE_MODULO;
			// A plausible forward skip counts its missing frames; a step back, DATA seq 0
			// or a wild jump (a flipped bit in the sequence field) only breaks the image.
			const missing = sequence !== 0 && skipped <= MAX_PLAUSIBLE_SKIP ? skipped : 0;
			image.missingFrames += missing;
			image.brokenSequence = true;
			camera.gaps++;
			camera.missingFrames += missing;
		}

		image.nextSequence = (sequence + 1) % SEQUENCE_MODULO;
		image.lastFrameAt = nowMs;
		image.progress.chunks++;
		if (image.data.length + payload.length > this.maxImageBytes) {
			this.close(camera.mac, image, 'oversize', nowMs);
			return;
		}

		image.data.append(payload);
		image.progress.bytes = image.data.length;
		this.openBytes += payload.length;
		if (this.openBytes > this.maxOpenBytes) this.closeLargest(nowMs);
	}

	/** A HASH held as stray from a MAC one bit off this camera's, recent enough to be this wake's. */
	private adoptNeighbourHash(mac: MacNumber, nowMs: number): HashAnnouncement | undefined {
		const held = this.stray.findNeighbour(mac, FrameType.Hash, nowMs - ADOPT_HASH_WITHIN_MS);
		if (!held) return undefined;
		const announcement = held.sequence === 0 ? parseHashPayload(held.payload) : undefined;
		if (!announcement?.sha256) return undefined;
		this.stray.take(held.mac);
		this.counters.repairedMacs++;
		return announcement;
	}

	private eof(camera: CameraStats, sequence: number, payload: Buffer, nowMs: number): void {
		if (!isEofFrame(sequence, payload)) {
			camera.malformedFrames++;
			return;
		}

		const image = this.open.get(camera.mac);
		if (image) this.end(camera.mac, image, undefined, nowMs);
	}

	/**
	 * Judges an image and closes it. `cause` is why it ends without its EOF
	 * (lost, or never sent): an image whose bytes are whole is still good then.
	 * With a HASH the SHA-256 is the proof, whatever the numbering said (a
	 * flipped bit in a sequence field is not covered by the checksum); without
	 * one, only a whole JPEG that decodes strictly may count as good.
	 */
	private end(mac: MacNumber, image: OpenImage, cause: 'timeout' | 'superseded' | 'shutdown' | undefined, nowMs: number): void {
		const data = image.data.contents();
		if (image.progress.chunks === 0) {
			this.close(mac, image, cause ?? 'gap', nowMs);
		} else if (image.expectedSha256 !== undefined) {
			const matches = createHash('sha256').update(data).digest('hex') === image.expectedSha256;
			this.close(mac, image, matches ? undefined : (cause ?? (image.brokenSequence ? 'gap' : 'hash-mismatch')), nowMs);
		} else if (image.brokenSequence) {
			this.close(mac, image, cause ?? 'gap', nowMs);
		} else {
			const shape = jpegShape(data);
			if (shape === 'whole') this.close(mac, image, undefined, nowMs, true);
			else this.close(mac, image, cause ?? shape, nowMs);
		}
	}

	private start(camera: CameraStats, nowMs: number, expectedSha256?: string, voltage?: number): OpenImage {
		const image: OpenImage = {
			startedAt: nowMs,
			lastFrameAt: nowMs,
			nextSequence: 1,
			data: new GrowableBuffer(expectedImageBytes(camera.lastImageBytes, this.maxImageBytes)),
			missingFrames: 0,
			brokenSequence: false,
			expectedSha256,
			voltage,
			progress: {chunks: 0, bytes: 0, startedAt: nowMs, announced: expectedSha256 !== undefined},
		};
		this.open.set(camera.mac, image);
		camera.receiving = image.progress;
		return image;
	}

	/** `reason` undefined means the image is good: verified if it had a HASH, else unverified once it decodes. */
	private close(mac: MacNumber, image: OpenImage, reason: IncompleteReason | undefined, nowMs: number, needsDecode = false): void {
		this.open.delete(mac);
		this.openBytes -= image.data.length;
		const camera = this.cameras.get(mac);
		if (camera) {
			camera.receiving = undefined;
			camera.lastImageBytes = image.data.length;
		}

		const outcome: ImageOutcome = reason ? 'incomplete' : image.expectedSha256 ? 'verified' : 'unverified';
		const result: ImageResult = {
			mac,
			outcome,
			reason,
			data: image.data.contents(),
			chunks: image.progress.chunks,
			missingFrames: image.missingFrames,
			expectedSha256: image.expectedSha256,
			voltage: image.voltage,
			startedAt: image.startedAt,
			endedAt: nowMs,
		};
		if (needsDecode) {
			this.sink.unverified(result);
			return;
		}

		this.recordOutcome(mac, outcome, reason, nowMs);
		this.sink.image(result);
	}

	private recordOutcome(mac: MacNumber, outcome: ImageOutcome, reason: IncompleteReason | undefined, atMs: number): void {
		const camera = this.cameras.get(mac);
		if (!camera) return;
		camera.images[outcome]++;
		camera.lastOutcome = outcome;
		camera.lastReason = reason;
		if (!reason) camera.lastImageAt = atMs;
	}

	/** Many cameras (or forged MACs) each sending huge images must not exhaust memory. */
	private closeLargest(nowMs: number): void {
		let largest: [MacNumber, OpenImage] | undefined;
		for (const entry of this.open) if (!largest || entry[1].data.length > largest[1].data.length) largest = entry;
		if (largest) this.close(largest[0], largest[1], 'oversize', nowMs);
	}

	/** Undefined when the camera list is full of cameras receiving images: a newcomer never evicts one. */
	private newCamera(mac: MacNumber, nowMs: number): CameraStats | undefined {
		if (this.cameras.size >= this.maxCameras && !this.forgetOneCamera()) {
			this.counters.strayFrames++;
			return undefined;
		}

		const camera = newCameraStats(mac, nowMs);
		this.cameras.set(mac, camera);
		return camera;
	}

	/** Forgets the idle camera with the fewest frames; false when every camera is receiving. */
	private forgetOneCamera(): boolean {
		let victim: CameraStats | undefined;
		for (const camera of this.cameras.values()) {
			if (this.open.has(camera.mac) || this.known.has(camera.mac)) continue;
			if (!victim || camera.frames < victim.frames) victim = camera;
		}

		if (victim) this.cameras.delete(victim.mac);
		return victim !== undefined;
	}
}

/**
 * Room for the next image of a camera that last sent `lastBytes`: one
 * allocation per image instead of one per doubling (less for the allocator
 * to hold on to when thousands of images pass through).
 */
function expectedImageBytes(lastBytes: number | undefined, maxImageBytes: number): number {
	if (lastBytes === undefined) return 2048;
	return Math.min(maxImageBytes, Math.max(2048, Math.ceil((lastBytes * 1.125) / 4096) * 4096));
}

function isEofFrame(sequence: number, payload: Buffer): boolean {
	return sequence === 0 && payload.equals(EOF_PAYLOAD);
}
