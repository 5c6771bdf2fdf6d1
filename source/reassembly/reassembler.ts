import {createHash} from 'node:crypto';
import {EOF_PAYLOAD, FrameType} from '../protocol/constants.js';
import type {CorruptFrame, Frame} from '../protocol/frame-decoder.js';
import type {MacNumber} from '../protocol/mac.js';
import {type CameraStats, type ImageOutcome, type IncompleteReason, newCameraStats, resetCameraCounters} from './camera-stats.js';
import {GrowableBuffer} from './growable-buffer.js';
import {parseHashPayload} from './hash-payload.js';

export interface ImageResult {
	mac: MacNumber;
	outcome: ImageOutcome;
	reason?: IncompleteReason;
	/** The bytes as received, holes simply skipped. */
	data: Buffer;
	chunks: number;
	missingFrames: number;
	/** From the HASH, when one came. */
	expectedSha256?: string;
	voltage?: number;
	startedAt: number;
	endedAt: number;
}

export interface Telemetry {
	mac: MacNumber;
	voltage: number;
	/** The camera woke but could not take a picture (all-zero hash). */
	captureFailed: boolean;
	atMs: number;
}

export interface ReassemblerSink {
	image(result: ImageResult): void;
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

/**
 * Rebuilds images per camera from verified frames, following the relay's
 * numbering (PROTOCOL.md): HASH opens, DATA runs 1, 2, 3..., EOF closes.
 * Pure: frames and time in, images and telemetry out.
 */
export class Reassembler {
	private readonly cameras = new Map<MacNumber, CameraStats>();
	private readonly open = new Map<MacNumber, OpenImage>();
	private readonly imageTimeoutMs: number;
	private readonly maxImageBytes: number;
	private readonly maxOpenBytes: number;
	private readonly maxCameras: number;
	private openBytes = 0;
	/** Checksum failures from MACs never seen in a valid frame. */
	unknownChecksumErrors = 0;

	constructor(
		private readonly sink: ReassemblerSink,
		options: ReassemblerOptions = {},
	) {
		this.imageTimeoutMs = options.imageTimeoutMs ?? 20_000;
		this.maxImageBytes = options.maxImageBytes ?? 4 * 1024 * 1024;
		this.maxOpenBytes = options.maxOpenBytes ?? 64 * 1024 * 1024;
		this.maxCameras = options.maxCameras ?? 256;
	}

	get cameraStats(): ReadonlyMap<MacNumber, CameraStats> {
		return this.cameras;
	}

	get openImages(): number {
		return this.open.size;
	}

	frame(frame: Frame, nowMs: number): void {
		const camera = this.camera(frame.mac, nowMs);
		camera.frames++;
		camera.bytes += frame.payload.length;
		camera.lastFrameAt = nowMs;
		camera.throughput.add(frame.payload.length, nowMs);

		if (frame.type === FrameType.Data) this.data(camera, frame, nowMs);
		else if (frame.type === FrameType.Hash) this.hash(camera, frame, nowMs);
		else this.eof(camera, frame, nowMs);
	}

	corruptFrame(frame: CorruptFrame): void {
		const camera = this.cameras.get(frame.mac);
		if (camera) camera.checksumErrors++;
		else this.unknownChecksumErrors++;
	}

	/** Closes images that have waited too long; call it from a timer. */
	poll(nowMs: number): void {
		for (const [mac, image] of this.open) {
			if (nowMs - image.lastFrameAt >= this.imageTimeoutMs) this.close(mac, image, 'timeout', nowMs);
		}
	}

	/** Closes every open image as incomplete (the program is stopping). */
	closeAll(nowMs: number): void {
		for (const [mac, image] of this.open) this.close(mac, image, 'shutdown', nowMs);
	}

	resetCounters(): void {
		for (const camera of this.cameras.values()) resetCameraCounters(camera);
		this.unknownChecksumErrors = 0;
	}

	private hash(camera: CameraStats, frame: Frame, nowMs: number): void {
		const announcement = frame.sequence === 0 ? parseHashPayload(frame.payload) : undefined;
		if (!announcement) {
			// It passed the checksum, so most likely a header bit flipped (the checksum covers only the data).
			camera.malformedFrames++;
			return;
		}

		camera.lastVoltage = announcement.voltage;
		this.sink.telemetry({mac: camera.mac, voltage: announcement.voltage, captureFailed: !announcement.sha256, atMs: nowMs});
		const previous = this.open.get(camera.mac);
		if (previous) this.close(camera.mac, previous, 'superseded', nowMs);
		if (announcement.sha256) {
			this.start(camera, nowMs, 1, announcement.sha256, announcement.voltage);
		}
	}

	private data(camera: CameraStats, frame: Frame, nowMs: number): void {
		const sequence = frame.sequence;
		let image = this.open.get(camera.mac);
		if (image && sequence === 1 && image.progress.chunks > 0) {
			this.close(camera.mac, image, 'superseded', nowMs);
			image = undefined;
		}

		image ??= this.start(camera, nowMs, 1);
		if (sequence !== image.nextSequence) {
			const skipped = (sequence - image.nextSequence + SEQUENCE_MODULO) % SEQUENCE_MODULO;
			// A forward skip counts its missing frames; a step back (or DATA seq 0) only breaks the image.
			const missing = sequence !== 0 && skipped < SEQUENCE_MODULO / 2 ? skipped : 0;
			image.missingFrames += missing;
			image.brokenSequence = true;
			camera.gaps++;
			camera.missingFrames += missing;
		}

		image.nextSequence = (sequence + 1) % SEQUENCE_MODULO;
		image.lastFrameAt = nowMs;
		image.progress.chunks++;
		if (image.data.length + frame.payload.length > this.maxImageBytes) {
			this.close(camera.mac, image, 'oversize', nowMs);
			return;
		}

		image.data.append(frame.payload);
		image.progress.bytes = image.data.length;
		this.openBytes += frame.payload.length;
		if (this.openBytes > this.maxOpenBytes) this.closeLargest(nowMs);
	}

	private eof(camera: CameraStats, frame: Frame, nowMs: number): void {
		if (frame.sequence !== 0 || !frame.payload.equals(EOF_PAYLOAD)) {
			camera.malformedFrames++;
			return;
		}

		const image = this.open.get(camera.mac);
		if (!image) return;
		if (image.brokenSequence || image.progress.chunks === 0) {
			this.close(camera.mac, image, 'gap', nowMs);
			return;
		}

		if (image.expectedSha256 === undefined) {
			// Without a HASH only a lost last chunk can go unseen; a JPEG shows it by its missing end marker.
			this.close(camera.mac, image, isTruncatedJpeg(image.data.contents()) ? 'truncated' : undefined, nowMs);
			return;
		}

		const actual = createHash('sha256').update(image.data.contents()).digest('hex');
		this.close(camera.mac, image, actual === image.expectedSha256 ? undefined : 'hash-mismatch', nowMs);
	}

	private start(camera: CameraStats, nowMs: number, nextSequence: number, expectedSha256?: string, voltage?: number): OpenImage {
		const image: OpenImage = {
			startedAt: nowMs,
			lastFrameAt: nowMs,
			nextSequence,
			data: new GrowableBuffer(),
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

	/** `reason` undefined means the image is good: verified if it had a HASH. */
	private close(mac: MacNumber, image: OpenImage, reason: IncompleteReason | undefined, nowMs: number): void {
		this.open.delete(mac);
		this.openBytes -= image.data.length;
		const outcome: ImageOutcome = reason ? 'incomplete' : image.expectedSha256 ? 'verified' : 'unverified';
		const camera = this.cameras.get(mac);
		if (camera) {
			camera.images[outcome]++;
			camera.lastOutcome = outcome;
			camera.lastReason = reason;
			camera.receiving = undefined;
			if (!reason) camera.lastImageAt = nowMs;
		}

		this.sink.image({
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
		});
	}

	/** Many cameras (or forged MACs) each sending huge images must not exhaust memory. */
	private closeLargest(nowMs: number): void {
		let largest: [MacNumber, OpenImage] | undefined;
		for (const entry of this.open) if (!largest || entry[1].data.length > largest[1].data.length) largest = entry;
		if (largest) this.close(largest[0], largest[1], 'oversize', nowMs);
	}

	private camera(mac: MacNumber, nowMs: number): CameraStats {
		let camera = this.cameras.get(mac);
		if (!camera) {
			if (this.cameras.size >= this.maxCameras) this.forgetOneCamera();
			camera = newCameraStats(mac, nowMs);
			this.cameras.set(mac, camera);
		}

		return camera;
	}

	/** Phantom MACs (a flipped header bit) must not grow memory without end. */
	private forgetOneCamera(): void {
		let victim: CameraStats | undefined;
		for (const camera of this.cameras.values()) {
			if (this.open.has(camera.mac)) continue;
			if (!victim || camera.frames < victim.frames) victim = camera;
		}

		if (victim) this.cameras.delete(victim.mac);
		else {
			const [mac, image] = this.open.entries().next().value!;
			this.close(mac, image, 'superseded', image.lastFrameAt);
			this.cameras.delete(mac);
		}
	}
}

/** Starts with a JPEG SOI marker (FF D8) but does not end with EOI (FF D9). */
function isTruncatedJpeg(data: Buffer): boolean {
	const length = data.length;
	const startsLikeJpeg = length >= 2 && data[0] === 0xff && data[1] === 0xd8;
	return startsLikeJpeg && !(length >= 4 && data[length - 2] === 0xff && data[length - 1] === 0xd9);
}
