import {EOF_PAYLOAD, FrameType} from '../protocol/constants.js';
import type {CorruptFrame, Frame} from '../protocol/frame-decoder.js';
import type {MacNumber} from '../protocol/mac.js';
import {CameraAdmission} from './camera-admission.js';
import type {CameraStats, ImageOutcome, IncompleteReason} from './camera-stats.js';
import {DuplicateMemory} from './duplicate-memory.js';
import {GrowableBuffer} from './growable-buffer.js';
import {parseHashPayload, type HashAnnouncement} from './hash-payload.js';
import {jpegShape} from './jpeg-shape.js';
import {sha256Hex} from './sha256-hex.js';

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
	batteryPercent?: number;
	startedAt: number;
	endedAt: number;
	/** The relay (input) it came through; absent means 0, the first (or only) one. */
	relay?: number;
	/**
	 * Another relay already delivered this image whole (the same SHA-256
	 * within the last minute): counted, not to be written again.
	 */
	duplicate?: boolean;
}

export interface Telemetry {
	mac: MacNumber;
	/** The reading as a number, when it is one; it may lie outside 0..100. */
	batteryPercent?: number;
	/** The VOLT field exactly as sent (printable, at most 16 characters). */
	reading: string;
	/** A whole number from 0 to 100, as documented. */
	inRange: boolean;
	/** The camera woke but could not take a picture (all-zero hash). */
	captureFailed: boolean;
	atMs: number;
}

export interface ReassemblerListener {
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
	/** Frames of MACs that did not prove to be cameras in time (one-frame MACs, floods), or beyond what may be held: given up. */
	strayFrames: number;
	/** Checksum failures from MACs that are not cameras. */
	unknownChecksumErrors: number;
}

interface OpenImage {
	mac: MacNumber;
	relay: number;
	startedAt: number;
	lastFrameAt: number;
	/** The DATA sequence number that should come next. */
	nextSequence: number;
	data: GrowableBuffer;
	missingFrames: number;
	brokenSequence: boolean;
	expectedSha256?: string;
	batteryPercent?: number;
	/** Chunks and bytes so far; also the camera's `receiving`, updated in place (no allocation per frame). */
	progress: NonNullable<CameraStats['receiving']>;
	/** Length of the last chunk appended (a copy of it is recognised by this and its bytes). */
	lastChunkBytes: number;
	/** Chunks (offset, length) that repeat the chunk before them: a retransmission the relay numbered anew, or the picture itself. */
	repeats?: [offset: number, length: number][];
}

const SEQUENCE_MODULO = 2 ** 32;
/** More chunks than a camera image has (4 MiB in 250-byte chunks): a bigger skip is not loss. */
const MAX_PLAUSIBLE_SKIP = 16_384;
/** Repeated chunks remembered per image (each is one SHA-256 to try when the hash fails). */
const MAX_REPEATS = 4;
/** Relays one reassembler keeps apart: an open image's key is `relay * MAC_SPACE + mac`, below 2^53. */
export const MAX_RELAYS = 32;
const MAC_SPACE = 2 ** 48;

/**
 * Rebuilds images per camera from verified frames, following the relay's
 * numbering (docs/protocol.md): HASH opens, DATA runs 1, 2, 3..., EOF closes.
 * Pure: frames and time in, images and telemetry out.
 *
 * A frame's MAC is its camera's, and a MAC becomes a camera with its second
 * frame (see CameraAdmission).
 *
 * Several relays: each numbers frames per MAC on its own, so each relay has
 * its own open image per camera, and one relay's frames never touch another
 * relay's image. Cameras (their stats) are shared. A wake heard by two relays
 * is told once: its HASH reading once, and its image once (the second copy
 * comes out marked `duplicate`; see DuplicateMemory).
 */
export class Reassembler {
	readonly counters: ReassemblerCounters = {strayFrames: 0, unknownChecksumErrors: 0};
	private readonly cameras: CameraAdmission;
	/** Keyed by openKey(relay, mac). */
	private readonly open = new Map<number, OpenImage>();
	private readonly duplicates = new DuplicateMemory();
	private readonly imageTimeoutMs: number;
	private readonly maxImageBytes: number;
	private readonly maxOpenBytes: number;
	private openBytes = 0;
	private relaysSeen = 1;

	constructor(
		private readonly listener: ReassemblerListener,
		options: ReassemblerOptions = {},
	) {
		this.imageTimeoutMs = options.imageTimeoutMs ?? 20_000;
		this.maxImageBytes = options.maxImageBytes ?? 4 * 1024 * 1024;
		this.maxOpenBytes = options.maxOpenBytes ?? 64 * 1024 * 1024;
		this.cameras = new CameraAdmission({
			known: options.knownCameras,
			maxCameras: options.maxCameras ?? 256,
			onStray: frames => {
				this.counters.strayFrames += frames;
			},
		});
	}

	get cameraStats(): ReadonlyMap<MacNumber, CameraStats> {
		return this.cameras.all;
	}

	get openImages(): number {
		return this.open.size;
	}

	/** Frames of MACs not (yet) cameras, held until they prove real. */
	get heldFrames(): number {
		return this.cameras.heldFrames;
	}

	/** Checksum failures from MACs that are not cameras (kept for the totals). */
	get unknownChecksumErrors(): number {
		return this.counters.unknownChecksumErrors;
	}

	/** Relays feeding this reassembler, said up front: wakes heard twice are looked for only with more than one. */
	expectRelays(count: number): void {
		this.relaysSeen = Math.max(this.relaysSeen, Math.min(count, MAX_RELAYS));
	}

	/** A checked frame; `relay` is the input it came through (0 with one relay, below MAX_RELAYS). */
	frame(frame: Frame, nowMs: number, relay = 0): void {
		if (relay >= this.relaysSeen) this.relaysSeen = relay + 1;
		const camera = this.cameras.get(frame.mac) ?? this.cameraFor(frame, nowMs, relay);
		if (camera) this.accept(camera, frame.type, frame.sequence, frame.payload, nowMs, relay);
	}

	corruptFrame(frame: CorruptFrame): void {
		const camera = this.cameras.get(frame.mac);
		if (camera) camera.checksumErrors++;
		else this.counters.unknownChecksumErrors++;
	}

	/** Closes images that have waited too long and gives up old stray frames; call it from a timer. */
	poll(nowMs: number): void {
		for (const image of this.open.values()) {
			if (nowMs - image.lastFrameAt >= this.imageTimeoutMs) this.end(image, 'timeout', nowMs);
		}

		this.cameras.expire(nowMs - this.imageTimeoutMs);
		this.duplicates.forgetOld(nowMs);
	}

	/**
	 * The program itself was not running for `ms` (stopped, swapped out): that
	 * time must not count against any image, since its frames may be waiting
	 * in the operating system's buffer.
	 */
	discount(ms: number, nowMs: number): void {
		for (const image of this.open.values()) image.lastFrameAt = Math.min(nowMs, image.lastFrameAt + ms);
		this.cameras.discount(ms, nowMs);
	}

	/** Ends every open image (the program is stopping): incomplete as `shutdown`, unless its bytes are whole. */
	closeAll(nowMs: number): void {
		for (const image of this.open.values()) this.end(image, 'shutdown', nowMs);
		this.cameras.expire(Number.POSITIVE_INFINITY);
	}

	/** The verdict on an image handed to sink.unverified(): `whyNot` undefined means it decoded completely. */
	settleUnverified(result: ImageResult, whyNot: string | undefined): ImageResult {
		const settled: ImageResult = whyNot === undefined ? result : {...result, outcome: 'incomplete', reason: 'undecodable', detail: whyNot};
		this.recordOutcome(settled);
		return settled;
	}

	/** The camera for a frame from a MAC that is not (yet) one, once admitted: what it sent before is handled first. */
	private cameraFor(frame: Frame, nowMs: number, relay: number): CameraStats | undefined {
		const admitted = this.cameras.admit(frame, nowMs, relay);
		if (!admitted) return undefined;
		for (const held of admitted.held) this.accept(admitted.camera, held.type, held.sequence, held.payload, held.at, held.relay);
		return admitted.camera;
	}

	private accept(camera: CameraStats, type: FrameType, sequence: number, payload: Buffer, nowMs: number, relay: number): void {
		camera.frames++;
		camera.bytes += payload.length;
		camera.lastFrameAt = nowMs;
		camera.heardByRelays |= 1 << relay;
		camera.throughput.add(payload.length, nowMs);
		if (type === FrameType.Data) this.data(camera, sequence, payload, nowMs, relay);
		else if (type === FrameType.Hash) this.hash(camera, sequence === 0 ? parseHashPayload(payload) : undefined, nowMs, relay, payload);
		else this.eof(camera, sequence, payload, nowMs, relay);
	}

	private hash(camera: CameraStats, announcement: HashAnnouncement | undefined, nowMs: number, relay: number, payload: Buffer): void {
		if (!announcement) {
			// It passed the checksum yet is no HASH the firmware makes: counted, not believed.
			camera.malformedFrames++;
			return;
		}

		const heardTwice = this.relaysSeen > 1 && this.duplicates.hashHeardBefore(camera.mac, payload, relay, nowMs);
		if (!heardTwice) this.tell(camera, announcement, nowMs);
		const previous = this.open.get(openKey(relay, camera.mac));
		if (previous) this.end(previous, 'superseded', nowMs);
		if (announcement.sha256) this.start(camera, relay, nowMs, announcement.sha256, announcement.batteryPercent);
	}

	/** A wake's battery reading: in the camera's stats and to the sink. */
	private tell(camera: CameraStats, announcement: HashAnnouncement, nowMs: number): void {
		camera.lastBatteryPercent = announcement.batteryPercent;
		camera.lastReading = announcement.reading;
		camera.lastReadingInRange = announcement.batteryInRange;
		this.listener.telemetry({
			mac: camera.mac,
			batteryPercent: announcement.batteryPercent,
			reading: announcement.reading,
			inRange: announcement.batteryInRange,
			captureFailed: !announcement.sha256,
			atMs: nowMs,
		});
	}

	private data(camera: CameraStats, sequence: number, payload: Buffer, nowMs: number, relay: number): void {
		let image = this.open.get(openKey(relay, camera.mac));
		if (image && isCopyOfLastChunk(image, sequence, payload)) {
			image.lastFrameAt = nowMs;
			return;
		}

		if (image && sequence === 1 && image.progress.chunks > 0) {
			this.end(image, 'superseded', nowMs);
			image = undefined;
		}

		image ??= this.start(camera, relay, nowMs);

		if (sequence !== image.nextSequence) {
			const skipped = (sequence - image.nextSequence + SEQUENCE_MODULO) % SEQUENCE_MODULO;
			// A plausible forward skip counts its missing frames; a step back, DATA seq 0
			// or a wild jump (not how the relay counts: a forged frame) only breaks the image.
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
			this.close(image, 'oversize', nowMs);
			return;
		}

		if (image.progress.chunks > 1 && (image.repeats?.length ?? 0) < MAX_REPEATS && repeatsLastChunk(image, payload)) {
			(image.repeats ??= []).push([image.data.length, payload.length]);
		}

		image.data.append(payload);
		image.lastChunkBytes = payload.length;
		image.progress.bytes = image.data.length;
		this.openBytes += payload.length;
		if (this.openBytes > this.maxOpenBytes) this.closeLargest(nowMs);
	}

	private eof(camera: CameraStats, sequence: number, payload: Buffer, nowMs: number, relay: number): void {
		if (!isEofFrame(sequence, payload)) {
			camera.malformedFrames++;
			return;
		}

		const image = this.open.get(openKey(relay, camera.mac));
		if (image) this.end(image, undefined, nowMs);
	}

	/**
	 * Judges an image and closes it. `cause` is why it ends without its EOF
	 * (lost, or never sent): an image whose bytes are whole is still good then.
	 * With a HASH the SHA-256 is the proof, whatever the numbering said (the
	 * checksum does not cover the header); without
	 * one, only a whole JPEG that decodes strictly may count as good.
	 */
	private end(image: OpenImage, cause: 'timeout' | 'superseded' | 'shutdown' | undefined, nowMs: number): void {
		const data = image.data.contents();
		if (image.progress.chunks === 0) {
			this.close(image, cause ?? 'gap', nowMs);
		} else if (image.expectedSha256 !== undefined) {
			const proven = sha256Hex(data) === image.expectedSha256 ? data : this.withoutCopy(image, data);
			if (proven) this.close(image, undefined, nowMs, false, proven);
			else this.close(image, cause ?? (image.brokenSequence ? 'gap' : 'hash-mismatch'), nowMs);
		} else if (image.brokenSequence) {
			this.close(image, cause ?? 'gap', nowMs);
		} else {
			const shape = jpegShape(data);
			if (shape === 'whole') this.close(image, undefined, nowMs, true);
			else this.close(image, cause ?? shape, nowMs);
		}
	}

	/**
	 * The image's bytes without one of its repeated chunks, when that makes
	 * them match the HASH: the camera sent a chunk twice (its ACK was lost) and
	 * the relay numbered both. The hash proves which it was.
	 */
	private withoutCopy(image: OpenImage, data: Buffer): Buffer | undefined {
		for (const [offset, length] of image.repeats ?? []) {
			const candidate = Buffer.concat([data.subarray(0, offset), data.subarray(offset + length)]);
			if (sha256Hex(candidate) === image.expectedSha256) return candidate;
		}

		return undefined;
	}

	private start(camera: CameraStats, relay: number, nowMs: number, expectedSha256?: string, batteryPercent?: number): OpenImage {
		const image: OpenImage = {
			mac: camera.mac,
			relay,
			startedAt: nowMs,
			lastFrameAt: nowMs,
			nextSequence: 1,
			data: new GrowableBuffer(expectedImageBytes(camera.lastImageBytes, this.maxImageBytes)),
			missingFrames: 0,
			brokenSequence: false,
			expectedSha256,
			batteryPercent,
			progress: {chunks: 0, bytes: 0, startedAt: nowMs, announced: expectedSha256 !== undefined},
			lastChunkBytes: 0,
		};
		this.open.set(openKey(relay, camera.mac), image);
		camera.receiving = image.progress;
		return image;
	}

	/** `reason` undefined means the image is good: verified if it had a HASH, else unverified once it decodes. */
	private close(image: OpenImage, reason: IncompleteReason | undefined, nowMs: number, needsDecode = false, data = image.data.contents()): void {
		const {mac, relay} = image;
		this.open.delete(openKey(relay, mac));
		this.openBytes -= image.data.length;
		const camera = this.cameras.get(mac);
		if (camera) {
			// Another relay may still be receiving this camera's image: the panel shows that one then.
			if (camera.receiving === image.progress) camera.receiving = this.openImageOf(mac)?.progress;
			camera.lastImageBytes = image.data.length;
		}

		const outcome: ImageOutcome = reason ? 'incomplete' : image.expectedSha256 ? 'verified' : 'unverified';
		const result: ImageResult = {
			mac,
			outcome,
			reason,
			data,
			chunks: image.progress.chunks,
			missingFrames: image.missingFrames,
			expectedSha256: image.expectedSha256,
			batteryPercent: image.batteryPercent,
			startedAt: image.startedAt,
			endedAt: nowMs,
			relay,
		};
		if (this.relaysSeen > 1 && this.duplicates.imageSavedBefore(result)) {
			result.duplicate = true;
			this.recordOutcome(result);
			this.listener.image(result);
			return;
		}

		if (needsDecode) {
			this.listener.unverified(result);
			return;
		}

		this.recordOutcome(result);
		this.listener.image(result);
	}

	/** An open image of `mac` on any relay. */
	private openImageOf(mac: MacNumber): OpenImage | undefined {
		for (let relay = 0; relay < this.relaysSeen; relay++) {
			const image = this.open.get(openKey(relay, mac));
			if (image) return image;
		}

		return undefined;
	}

	private recordOutcome(result: ImageResult): void {
		const {mac, outcome, reason, endedAt: atMs} = result;
		const camera = this.cameras.get(mac);
		if (!camera) return;
		if (result.duplicate) {
			camera.duplicates++;
			return;
		}

		camera.images[outcome]++;
		camera.lastOutcome = outcome;
		camera.lastReason = reason;
		if (!reason) camera.lastImageAt = atMs;
	}

	/** Many cameras (or forged MACs) each sending huge images must not exhaust memory. */
	private closeLargest(nowMs: number): void {
		let largest: OpenImage | undefined;
		for (const image of this.open.values()) if (!largest || image.data.length > largest.data.length) largest = image;
		if (largest) this.close(largest, 'oversize', nowMs);
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

/** The key of a relay's open image of a camera: one number, no allocation per frame. */
function openKey(relay: number, mac: MacNumber): number {
	return relay * MAC_SPACE + mac;
}

function isEofFrame(sequence: number, payload: Buffer): boolean {
	return sequence === 0 && payload.equals(EOF_PAYLOAD);
}

/** DATA with the last chunk's sequence number and bytes: the same frame again, not news. */
function isCopyOfLastChunk(image: OpenImage, sequence: number, payload: Buffer): boolean {
	return image.progress.chunks > 0 && (sequence + 1) % SEQUENCE_MODULO === image.nextSequence && repeatsLastChunk(image, payload);
}

function repeatsLastChunk(image: OpenImage, payload: Buffer): boolean {
	if (payload.length !== image.lastChunkBytes) return false;
	const end = image.data.length;
	return image.data
		.contents()
		.subarray(end - payload.length, end)
		.equals(payload);
}
