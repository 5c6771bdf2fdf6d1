import {systemClock, wallOffset, type Clock} from '../runtime/clock.js';
import {JpegChecker} from '../io/jpeg-check/jpeg-checker.js';
import {FrameDecoder, type CorruptFrame, type Frame} from '../core/protocol/frame-decoder.js';
import {macToString, type MacNumber} from '../core/protocol/mac.js';
import {MAX_RELAYS, Reassembler, type ImageResult, type Telemetry} from '../core/reassembly/reassembler.js';
import {describeFsError, ImageStore} from '../io/store/image-store.js';
import type {SessionEvent, SessionListener} from './session-events.js';

export interface PipelineOptions {
	outDir: string;
	/** Unverified images (no HASH came) go to `<out>/unverified/`. */
	unverifiedApart?: boolean;
	/** Each image reaches the disk before it is named (live input: a power cut loses no saved image). */
	durableWrites?: boolean;
	imageTimeoutMs?: number;
	maxPayloadLength?: number;
	stallMs?: number;
	/** Emit one event per frame (costly; for --debug). */
	debugFrames?: boolean;
	/** Cameras known beforehand (--cameras): real from their first frame. */
	knownCameras?: Iterable<MacNumber>;
	/** How often the caller means to call tick(); a tick much later than that means the program was not running. */
	tickMs?: number;
	/** Durations (stalls, image timeouts, late ticks) run on its monotonic time; events and file names carry its wall time. */
	clock?: Clock;
}

export interface PipelineTotals {
	bytes: number;
	frames: number;
	checksumErrors: number;
	badEndMarkers: number;
	badHeaders: number;
	resyncs: number;
	relayTextLines: number;
	noiseBytes: number;
	imagesGood: number;
	imagesIncomplete: number;
	imagesVerified: number;
	imagesUnverified: number;
	bytesWritten: number;
	writeErrors: number;
	/** Images that could not be written (the disk kept refusing); named at the end of the run. */
	imagesNotWritten: number;
	voltLinesNotWritten: number;
	cameras: number;
	openImages: number;
	/** Frames of MACs that never proved to be cameras (one-frame MACs, floods), given up. */
	strayFrames: number;
	/** Images another relay had already delivered whole (one wake heard by two relays): not written again. */
	imagesDuplicate: number;
}

const RETRY_WRITES_EVERY_MS = 5000;
/** A tick this much later than planned means the program itself was held up (SIGSTOP, swapping, a loaded machine). */
const LATE_TICK_MS = 250;

/**
 * The whole receive pipeline, the same for serial, replay and demo input:
 * bytes → FrameDecoder → Reassembler → ImageStore, with events for whoever
 * shows them (headless lines or the dashboard). No timers of its own: the
 * caller pushes bytes and calls tick() a few times a second.
 */
export class Pipeline {
	/** The first relay's decoder (the only one with a single input). */
	readonly decoder: FrameDecoder;
	/** One decoder per relay: each relay's bytes are a stream of their own. */
	private readonly decoders: FrameDecoder[] = [];
	/** Each relay's name (its port as given), by relay number. */
	readonly relayNames: string[] = [];
	readonly reassembler: Reassembler;
	readonly store: ImageStore;
	readonly checker = new JpegChecker();
	debugFrames: boolean;
	private readonly listeners: SessionListener[] = [];
	private readonly clock: Clock;
	private readonly inFlight = new Set<Promise<unknown>>();
	private lastRetryAt = 0;
	private lastTickAt = 0;
	private readonly tickMs: number;
	/** When the bytes being decoded arrived: the time of every frame in them (monotonic). */
	private pushedAt = 0;
	/** The same on the wall clock, as read then: whole milliseconds, one for all the frames of a push (InfluxDB orders by it). */
	private pushedWallAt = 0;
	private imagesVerified = 0;
	private imagesUnverified = 0;
	private imagesIncomplete = 0;
	private imagesDuplicate = 0;
	private readonly maxPayloadLength?: number;
	private readonly stallMs?: number;

	constructor(options: PipelineOptions) {
		this.clock = options.clock ?? systemClock;
		this.tickMs = options.tickMs ?? 250;
		this.debugFrames = options.debugFrames ?? false;
		this.store = new ImageStore({
			outDir: options.outDir,
			unverifiedApart: options.unverifiedApart,
			durable: options.durableWrites,
			onWriteError: ({path, error}) => this.emit({kind: 'write-error', at: this.clock.wallMs(), path, message: describeFsError(error.code, error.message)}),
		});
		this.reassembler = new Reassembler(
			{
				image: result => this.onImage(result),
				unverified: result => this.onUnverified(result),
				telemetry: telemetry => this.onTelemetry(telemetry),
			},
			{imageTimeoutMs: options.imageTimeoutMs, knownCameras: options.knownCameras},
		);
		this.maxPayloadLength = options.maxPayloadLength;
		this.stallMs = options.stallMs;
		this.decoder = this.newDecoder(0);
	}

	/**
	 * A further relay (input): its bytes go to `push(chunk, relay)` with the
	 * number returned. The first relay, number 0, exists from the start.
	 */
	addRelay(name: string): number {
		if (this.relayNames.length === 0) {
			this.relayNames.push(name);
			return 0;
		}

		if (this.decoders.length >= MAX_RELAYS) throw new RangeError(`at most ${MAX_RELAYS} relays`);
		this.relayNames.push(name);
		this.newDecoder(this.decoders.length);
		this.reassembler.expectRelays(this.decoders.length);
		return this.decoders.length - 1;
	}

	private newDecoder(relay: number): FrameDecoder {
		const decoder = new FrameDecoder(
			{
				frame: frame => this.onFrame(frame, relay),
				corruptFrame: frame => this.onCorruptFrame(frame),
				relayText: text =>
					this.emit(
						this.relayNames.length > 1
							? {kind: 'relay-text', at: this.clock.wallMs(), text, relay, port: this.relayNames[relay]}
							: {kind: 'relay-text', at: this.clock.wallMs(), text},
					),
				noise: () => undefined,
			},
			{maxPayloadLength: this.maxPayloadLength, stallMs: this.stallMs},
		);
		this.decoders.push(decoder);
		return decoder;
	}

	on(listener: SessionListener): () => void {
		this.listeners.push(listener);
		return () => {
			const index = this.listeners.indexOf(listener);
			if (index !== -1) this.listeners.splice(index, 1);
		};
	}

	emit(event: SessionEvent): void {
		for (const listener of this.listeners) listener(event);
	}

	/** Checks the output folder; throws OutputFolderError when it is unusable. */
	async start(): Promise<void> {
		const removed = await this.store.prepare();
		if (removed > 0) {
			const files = removed === 1 ? '1 temporary file' : `${removed} temporary files`;
			this.emit({kind: 'notice', at: this.clock.wallMs(), level: 'info', message: `removed ${files} left in ${this.store.outDir} by a run that was killed`});
		}
	}

	/** Bytes as read from relay number `relay` (see addRelay). */
	push(chunk: Uint8Array, relay = 0): void {
		this.pushedAt = this.clock.monotonicMs();
		this.pushedWallAt = this.clock.wallMs();
		this.decoders[relay]!.push(chunk, this.pushedAt);
	}

	/** Bytes received but not yet on disk or judged (for a replay's back-pressure). */
	get pendingBytes(): number {
		return this.store.pendingBytes + this.checker.pendingBytes;
	}

	/** Images waiting for the JPEG check or the disk (those waiting for a retry excluded). */
	get pendingImages(): number {
		return this.store.pendingImages + this.checker.pendingChecks;
	}

	/** Resolves once the JPEG checks and the writes under way are done (failed writes may still wait for a retry). */
	async drained(): Promise<void> {
		await this.checker.idle();
		await this.store.idle();
	}

	/**
	 * Time-driven work: stalled candidates, image timeouts, write retries.
	 * Returns how long the program was not running before this tick (a late
	 * tick: SIGSTOP, Ctrl-Z, swapping), 0 when it came in time.
	 */
	tick(): number {
		const now = this.clock.monotonicMs();
		const late = this.lastTickAt === 0 ? 0 : now - this.lastTickAt - this.tickMs;
		this.lastTickAt = now;
		if (late > LATE_TICK_MS) {
			// We were not running: what arrived meanwhile waits in the OS buffer, unread. Not a stall.
			for (const decoder of this.decoders) decoder.discount(late, now);
			this.reassembler.discount(late, now);
		}

		const missed = late > LATE_TICK_MS ? late : 0;

		for (const decoder of this.decoders) decoder.poll(now);
		this.reassembler.poll(now);
		if (now - this.lastRetryAt >= RETRY_WRITES_EVERY_MS) {
			this.lastRetryAt = now;
			this.store.retryFailed();
		}
		return missed;
	}

	/**
	 * In how many ms a relay's held-back candidate frame is due to be given up
	 * (a tick() then does it, and releases the frames behind it); undefined when none is held.
	 */
	stallDueInMs(): number | undefined {
		let due: number | undefined;
		for (const decoder of this.decoders) {
			const at = decoder.stallDueAt;
			if (at !== undefined && (due === undefined || at < due)) due = at;
		}

		return due === undefined ? undefined : Math.max(0, due - this.clock.monotonicMs());
	}

	/** End of input: flush the decoder, close open images as incomplete, finish all writes. */
	async finish(): Promise<void> {
		for (const decoder of this.decoders) decoder.end();
		this.reassembler.closeAll(this.clock.monotonicMs());
		// From here a failed write is given up, not kept for a retry that would never come.
		this.store.beginShutdown();
		await this.settled();
		await this.store.flush();
		await this.settled();
		await this.checker.close();
	}

	/** Resolves once every image handed to the store has been written (or given up). */
	async settled(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
	}

	totals(): PipelineTotals {
		const decoder = this.decoders.length === 1 ? this.decoder.counters : this.decoderCounters();
		return {
			bytes: decoder.bytes,
			frames: decoder.hashFrames + decoder.dataFrames + decoder.eofFrames,
			checksumErrors: decoder.checksumErrors,
			badEndMarkers: decoder.badEndMarkers,
			badHeaders: decoder.badHeaders,
			resyncs: decoder.resyncs,
			relayTextLines: decoder.relayTextLines,
			noiseBytes: decoder.noiseBytes,
			imagesGood: this.imagesVerified + this.imagesUnverified,
			imagesVerified: this.imagesVerified,
			imagesUnverified: this.imagesUnverified,
			imagesIncomplete: this.imagesIncomplete,
			bytesWritten: this.store.counters.bytesWritten,
			writeErrors: this.store.counters.writeErrors,
			imagesNotWritten: this.store.counters.imagesNotWritten,
			voltLinesNotWritten: this.store.counters.voltLinesNotWritten,
			cameras: this.reassembler.cameraStats.size,
			openImages: this.reassembler.openImages,
			strayFrames: this.reassembler.counters.strayFrames,
			imagesDuplicate: this.imagesDuplicate,
		};
	}

	/** Bytes read from one relay so far. */
	relayBytes(relay: number): number {
		return this.decoders[relay]?.counters.bytes ?? 0;
	}

	/** Every relay's decoder counters added up. */
	private decoderCounters(): FrameDecoder['counters'] {
		const sum = {...this.decoder.counters};
		for (const decoder of this.decoders.slice(1)) {
			for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += decoder.counters[key];
		}

		return sum;
	}

	private onFrame(frame: Frame, relay: number): void {
		this.reassembler.frame(frame, this.pushedAt, relay);
		if (this.debugFrames) {
			const {mac, type, sequence, payload} = frame;
			this.emit({kind: 'frame', at: this.pushedWallAt, mac, type, sequence, length: payload.length, checksumOk: true});
		}
	}

	private onCorruptFrame(frame: CorruptFrame): void {
		this.reassembler.corruptFrame(frame);
		if (this.debugFrames) this.emit({kind: 'frame', at: this.pushedWallAt, ...frame, checksumOk: false});
	}

	private onTelemetry(telemetry: Telemetry): void {
		// volt.log and the event tell the wall time; the reassembler's times are monotonic. A reading comes with the push that brought its HASH.
		const at = this.pushedWallAt + (telemetry.atMs - this.pushedAt);
		if (telemetry.reading !== '') this.track(this.store.appendVoltLine({...telemetry, atMs: at}));
		const {mac, batteryPercent, reading, inRange, captureFailed} = telemetry;
		this.emit({kind: 'telemetry', at, mac, batteryPercent, reading, inRange, captureFailed});
	}

	/** An image without HASH: good only if it decodes completely, which is judged off the main thread. */
	private onUnverified(result: ImageResult): void {
		this.track(
			this.checker.check(result.data).then(verdict => {
				this.onImage(this.reassembler.settleUnverified(result, verdict.ok ? undefined : verdict.why));
			}),
		);
	}

	private onImage(result: ImageResult): void {
		if (result.duplicate) {
			this.imagesDuplicate++;
			const relay = result.relay ?? 0;
			const through = this.relayNames[relay] ?? `relay ${relay + 1}`;
			const message = `${macToString(result.mac)} image also received whole by another relay; the copy through ${through} is not written again`;
			const at = this.clock.wallMs();
			// Told once the images being saved now are (the first copy among them): its "saved" line comes first.
			this.track(Promise.allSettled([...this.inFlight]).then(() => this.emit({kind: 'notice', at, level: 'info', message})));
			return;
		}

		if (result.outcome === 'verified') this.imagesVerified++;
		else if (result.outcome === 'unverified') this.imagesUnverified++;
		else this.imagesIncomplete++;
		const {mac, outcome, reason, detail, chunks, missingFrames, batteryPercent} = result;
		const bytes = result.data.length;
		this.track(
			// Named by the wall time its end reads as now (the clock may have stepped since it was received).
			this.store.save({...result, endedAt: result.endedAt + wallOffset(this.clock)}).then(path => {
				this.emit({kind: 'image', at: this.clock.wallMs(), mac, outcome, reason, detail, bytes, chunks, missingFrames, batteryPercent, path});
			}),
		);
	}

	private track(promise: Promise<unknown>): void {
		this.inFlight.add(promise);
		void promise.finally(() => this.inFlight.delete(promise));
	}
}
