import {frameChecksum} from './checksum.js';
import {END_MARKER, ESPNOW_V2_MAX_PAYLOAD, FRAME_OVERHEAD, FrameType, HEADER_SIZE, OFFSET_LENGTH, OFFSET_MAC, OFFSET_SEQ, OFFSET_TYPE, START_MARKER} from './constants.js';
import type {MacNumber} from './mac.js';
import {RelayTextLines} from './relay-text-lines.js';

export interface Frame {
	mac: MacNumber;
	type: FrameType;
	sequence: number;
	/** A view into the bytes that were pushed; copy it to keep it beyond the call. */
	payload: Buffer;
}

/** A candidate that had a plausible header and end marker but a wrong checksum. */
export interface CorruptFrame {
	mac: MacNumber;
	type: FrameType;
	sequence: number;
	length: number;
}

export interface FrameDecoderListener {
	frame(frame: Frame): void;
	corruptFrame(frame: CorruptFrame): void;
	relayText(line: string): void;
	noise(byteCount: number): void;
}

export interface FrameDecoderOptions {
	/** Longest data field accepted; default ESP-NOW v2's 1470. */
	maxPayloadLength?: number;
	/**
	 * A candidate whose bytes stop arriving for this long is given up (and the
	 * search resumes one byte after its start). Default 4 s: the relay's USB
	 * can pause up to 3 s inside a frame.
	 */
	stallMs?: number;
	/** A relay text line keeps this many bytes; the rest of it is dropped (and counted in a mark). */
	maxLineBytes?: number;
}

export interface DecoderCounters {
	bytes: number;
	hashFrames: number;
	dataFrames: number;
	eofFrames: number;
	checksumErrors: number;
	badEndMarkers: number;
	/** Start markers followed by an impossible type or length. */
	badHeaders: number;
	/** Times the search resumed one byte after a failed candidate's start. */
	resyncs: number;
	/** Candidates given up because their bytes stopped arriving. */
	stalls: number;
	relayTextLines: number;
	noiseBytes: number;
}

export function emptyDecoderCounters(): DecoderCounters {
	return {
		bytes: 0,
		hashFrames: 0,
		dataFrames: 0,
		eofFrames: 0,
		checksumErrors: 0,
		badEndMarkers: 0,
		badHeaders: 0,
		resyncs: 0,
		stalls: 0,
		relayTextLines: 0,
		noiseBytes: 0,
	};
}

export const DEFAULT_STALL_MS = 4000;
/** A text line with no newline yet is ended after this long without bytes. */
const TEXT_IDLE_MS = 1000;

const MARKER_0 = START_MARKER[0]!;
const MARKER_1 = START_MARKER[1]!;
const MARKER_2 = START_MARKER[2]!;
const END_0 = END_MARKER[0]!;
const END_1 = END_MARKER[1]!;
const END_2 = END_MARKER[2]!;
const END_3 = END_MARKER[3]!;

/**
 * Streaming decoder of the relay's byte stream: chunks of any size in,
 * verified frames and relay text lines out. Pure: no I/O, time passed in.
 *
 * Only an unresolved tail (at most one frame's worth of bytes) is kept
 * between pushes, so memory stays bounded whatever arrives.
 */
export class FrameDecoder {
	readonly counters: DecoderCounters = emptyDecoderCounters();
	private readonly maxPayloadLength: number;
	private readonly maxFrameSize: number;
	private readonly stallMs: number;
	private readonly text: RelayTextLines;
	/** Bytes not yet resolved (a candidate frame's start or a partial start marker) live in hold[0, holdLength). */
	private readonly hold: Buffer;
	private holdLength = 0;
	/** How many held bytes the held candidate needs before it can be judged. */
	private holdNeeds = 0;
	private lastDataAt = 0;
	private textStart = 0;

	constructor(
		private readonly listener: FrameDecoderListener,
		options: FrameDecoderOptions = {},
	) {
		this.maxPayloadLength = options.maxPayloadLength ?? ESPNOW_V2_MAX_PAYLOAD;
		this.maxFrameSize = FRAME_OVERHEAD + this.maxPayloadLength;
		this.stallMs = options.stallMs ?? DEFAULT_STALL_MS;
		this.hold = Buffer.allocUnsafe(this.maxFrameSize);
		this.text = new RelayTextLines(
			{
				line: line => {
					this.counters.relayTextLines++;
					listener.relayText(line);
				},
				noise: byteCount => {
					this.counters.noiseBytes += byteCount;
					listener.noise(byteCount);
				},
			},
			options.maxLineBytes,
		);
	}

	/** Bytes held back waiting for the rest of a candidate frame. */
	get pendingBytes(): number {
		return this.holdLength;
	}

	push(chunk: Uint8Array, nowMs: number): void {
		if (chunk.length === 0) return;
		const input = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
		this.counters.bytes += input.length;
		this.lastDataAt = nowMs;

		if (this.holdLength === 0) {
			this.keepTail(input, this.scan(input, 0, 0, input.length));
			return;
		}

		// Small chunks (USB delivers 64 bytes at a time) are only collected until
		// the held candidate has enough bytes to be judged.
		if (this.holdLength + input.length < this.holdNeeds) {
			this.hold.set(input, this.holdLength);
			this.holdLength += input.length;
			return;
		}

		// Join the held bytes with only as much of the chunk as a frame starting
		// in them could need; the rest of the chunk is scanned in place.
		const held = this.holdLength;
		this.holdLength = 0;
		const prefixLength = Math.min(input.length, this.maxFrameSize);
		const head = Buffer.allocUnsafe(held + prefixLength);
		this.hold.copy(head, 0, 0, held);
		input.copy(head, held, 0, prefixLength);
		if (prefixLength === input.length) {
			this.keepTail(head, this.scan(head, 0, 0, head.length));
			return;
		}

		const resume = this.scan(head, 0, 0, held);
		const offset = resume - held;
		this.keepTail(input, this.scan(input, offset, offset, input.length));
	}

	/**
	 * When the bytes held back (a candidate frame) are due to be given up: a
	 * poll() at or after this time does it. Undefined when nothing is held.
	 */
	get stallDueAt(): number | undefined {
		return this.holdLength === 0 ? undefined : this.lastDataAt + this.stallMs;
	}

	/**
	 * Gives up a candidate whose bytes stopped arriving, and ends a text line
	 * the relay left unfinished; call it from a timer.
	 */
	poll(nowMs: number): void {
		const quiet = nowMs - this.lastDataAt;
		if (quiet >= this.stallMs) this.giveUpPending();
		if (quiet >= TEXT_IDLE_MS && this.holdLength === 0) this.text.flush();
	}

	/**
	 * The program itself was not running for `ms` (stopped, swapped out, a
	 * loaded machine): the bytes may be waiting in the operating system's
	 * buffer, so that time does not count as a stall.
	 */
	discount(ms: number, nowMs: number): void {
		this.lastDataAt = Math.min(nowMs, this.lastDataAt + ms);
	}

	/** End of input: whatever is held back is not a frame. */
	end(): void {
		this.giveUpPending();
		this.text.flush();
	}

	private giveUpPending(): void {
		while (this.holdLength > 0) {
			const stale = Buffer.from(this.hold.subarray(0, this.holdLength));
			this.holdLength = 0;
			if (stale.length < START_MARKER.length) {
				this.text.write(stale, 0, stale.length);
				return;
			}

			// A whole start marker: the candidate is given up, but a frame may
			// still begin behind it, so look again one byte on.
			this.counters.stalls++;
			this.keepTail(stale, this.scan(stale, 0, 1, stale.length));
		}
	}

	/** Holds source[resume..] (at most one frame's worth: scan() guarantees it) for the next push. */
	private keepTail(source: Buffer, resume: number): void {
		const length = source.length - resume;
		if (length <= 0) return;
		source.copy(this.hold, 0, resume);
		this.holdLength = length;
		this.holdNeeds = length >= HEADER_SIZE ? FRAME_OVERHEAD + this.hold.readUInt32BE(OFFSET_LENGTH) : length >= START_MARKER.length ? HEADER_SIZE : 0;
	}

	/**
	 * Looks for frames in `buffer`. Non-frame bytes from `textFrom` on go to the
	 * text collector. Only candidates starting before `startLimit` are looked at.
	 * Returns where the unresolved rest begins: an incomplete candidate, a
	 * partial start marker at the very end, or `startLimit` (or the end of the
	 * last frame, if that lies beyond it).
	 */
	private scan(buffer: Buffer, textFrom: number, searchFrom: number, startLimit: number): number {
		this.textStart = textFrom;
		let search = searchFrom;
		const end = buffer.length;
		for (;;) {
			const start = buffer.indexOf(START_MARKER, search);
			if (start === -1 || start >= startLimit) {
				if (startLimit < end) {
					this.emitText(buffer, startLimit);
					return Math.max(this.textStart, startLimit);
				}

				const resume = end - partialMarkerLength(buffer, Math.max(this.textStart, search));
				this.emitText(buffer, resume);
				return Math.max(resume, this.textStart);
			}

			this.emitText(buffer, start);
			if (end - start < HEADER_SIZE) return start;

			const type: FrameType = buffer[start + OFFSET_TYPE]!;
			const length = buffer.readUInt32BE(start + OFFSET_LENGTH);
			if (type < FrameType.Hash || type > FrameType.Eof || length > this.maxPayloadLength) {
				this.counters.badHeaders++;
				search = this.resync(start);
				continue;
			}

			const frameEnd = start + FRAME_OVERHEAD + length;
			if (frameEnd > end) return start;

			const dataStart = start + HEADER_SIZE;
			const dataEnd = dataStart + length;
			if (buffer[dataEnd + 4] !== END_0 || buffer[dataEnd + 5] !== END_1 || buffer[dataEnd + 6] !== END_2 || buffer[dataEnd + 7] !== END_3) {
				this.counters.badEndMarkers++;
				search = this.resync(start);
				continue;
			}

			const mac = buffer.readUIntBE(start + OFFSET_MAC, 6);
			const sequence = buffer.readUInt32BE(start + OFFSET_SEQ);
			if (frameChecksum(buffer, dataStart, dataEnd) !== buffer.readUInt32BE(dataEnd)) {
				this.counters.checksumErrors++;
				this.listener.corruptFrame({mac, type, sequence, length});
				search = this.resync(start);
				continue;
			}

			if (type === FrameType.Data) this.counters.dataFrames++;
			else if (type === FrameType.Hash) this.counters.hashFrames++;
			else this.counters.eofFrames++;
			this.textStart = frameEnd;
			search = frameEnd;
			this.listener.frame({mac, type, sequence, payload: buffer.subarray(dataStart, dataEnd)});
		}
	}

	/** A failed candidate: its bytes are not a frame; look again one byte on. */
	private resync(start: number): number {
		this.counters.resyncs++;
		return start + 1;
	}

	private emitText(buffer: Buffer, upTo: number): void {
		if (upTo > this.textStart) {
			this.text.write(buffer, this.textStart, upTo);
			this.textStart = upTo;
		}
	}
}

/** How many bytes at the end of `buffer` (from `from` on) could begin a start marker. */
function partialMarkerLength(buffer: Buffer, from: number): number {
	const end = buffer.length;
	if (end - 3 >= from && buffer[end - 3] === MARKER_0 && buffer[end - 2] === MARKER_1 && buffer[end - 1] === MARKER_2) {
		return 3;
	}

	if (end - 2 >= from && buffer[end - 2] === MARKER_0 && buffer[end - 1] === MARKER_1) return 2;
	if (end - 1 >= from && buffer[end - 1] === MARKER_0) return 1;
	return 0;
}
