import {createHash} from 'node:crypto';
import {ESPNOW_V1_MAX_PAYLOAD, EOF_PAYLOAD, FrameType} from '../core/protocol/constants.js';
import {encodeFrame, hashPayload} from '../core/protocol/frame-encoder.js';
import {macToString, type MacNumber} from '../core/protocol/mac.js';
import {Prng} from './prng.js';

export interface SimulatorOptions {
	cameras: number;
	seed: number;
	/** Probability that a frame is lost (never written). */
	loss?: number;
	/** Probability that a frame is damaged: a flipped bit, lost USB bytes, or text cut into it. */
	corrupt?: number;
	/**
	 * Probability that a camera's packet is lost on the air, before the relay:
	 * the relay numbers only what it receives, so a lost chunk leaves no hole.
	 */
	airLoss?: number;
	/**
	 * Probability that the relay reboots during an image (brown-out, replug):
	 * the frame being written is cut, the ROM banner follows, and the rest of
	 * the image arrives numbered afresh from DATA 1, without a HASH.
	 */
	reboots?: number;
	/** Mean time between two wakes of one camera. */
	meanWakeIntervalMs?: number;
	/**
	 * Wakes at the mean interval, give or take this share of it (0.2: 8 to
	 * 12 s for 10 s), as real cameras sleep a set time. Without it the
	 * intervals are random (exponential), now and then many times the mean.
	 */
	wakeJitter?: number;
	/** Time between two ESP-NOW packets of one camera. */
	chunkIntervalMs?: number;
	chunkSize?: number;
	/** Probability that a wake fails to capture (HASH of zeros, no image). */
	captureFailureRate?: number;
	relayLogs?: boolean;
	/**
	 * Cameras from one batch: consecutive MACs from 24:0a:77:00:09:00, so
	 * several are one bit apart (as boards bought together are).
	 */
	batch?: boolean;
	/** Frames from made-up MACs, one frame each, written after each thing the relay writes (a flood of phantoms). */
	phantoms?: number;
	/** Remember every image sent (for tests); off for endless runs. */
	keepManifest?: boolean;
	/** Cameras stop waking once this many wakes have happened. */
	maxWakes?: number;
	image: (cameraIndex: number, imageNumber: number) => Buffer;
}

/** One image a simulated camera sent, and whether it reached the wire unharmed. */
export interface SentImage {
	mac: MacNumber;
	imageNumber: number;
	data: Buffer;
	/** Every frame of the wake (HASH, DATA, EOF) was written unharmed. */
	intact: boolean;
	hashDelivered: boolean;
}

export interface SimulatorStats {
	wakes: number;
	images: number;
	frames: number;
	framesLost: number;
	framesCorrupted: number;
	/** Packets lost on the air (no hole in the relay's numbering). */
	framesLostOnAir: number;
	relayReboots: number;
	/** Frames from made-up MACs (see `phantoms`). */
	phantomFrames: number;
	bytes: number;
}

interface Scheduled {
	at: number;
	bytes: Buffer;
}

interface Camera {
	index: number;
	mac: MacNumber;
	nextWakeAt: number;
	queue: Scheduled[];
	images: number;
	batteryPercent: number;
}

/**
 * A relay and its cameras, as a timeline of the bytes the relay would write
 * to USB. Pure: the caller asks for what is due up to a time, and writes it
 * where it likes (a pseudo-terminal, a file, the monitor in-process).
 */
export class RelaySimulator {
	readonly stats: SimulatorStats = {wakes: 0, images: 0, frames: 0, framesLost: 0, framesCorrupted: 0, framesLostOnAir: 0, relayReboots: 0, phantomFrames: 0, bytes: 0};
	readonly sent: SentImage[] = [];
	readonly macs: MacNumber[];
	private readonly cameras: Camera[];
	private readonly random: Prng;
	/** Apart from `random`, so that a flood leaves the cameras' stream as it was. */
	private readonly phantomRandom: Prng;
	private readonly options: Required<Omit<SimulatorOptions, 'image' | 'wakeJitter' | 'batch'>> & Pick<SimulatorOptions, 'image' | 'wakeJitter' | 'batch'>;
	private bootPending: boolean;

	constructor(options: SimulatorOptions) {
		this.options = {
			loss: 0,
			corrupt: 0,
			airLoss: 0,
			reboots: 0,
			meanWakeIntervalMs: 8000,
			chunkIntervalMs: 4,
			chunkSize: ESPNOW_V1_MAX_PAYLOAD,
			captureFailureRate: 0.02,
			relayLogs: true,
			keepManifest: true,
			maxWakes: Number.POSITIVE_INFINITY,
			phantoms: 0,
			...options,
		};
		this.random = new Prng(options.seed);
		this.phantomRandom = new Prng(options.seed ^ 0x5eed);
		this.bootPending = this.options.relayLogs;
		this.cameras = Array.from({length: options.cameras}, (_, index) => ({
			index,
			// Espressif's OUI, then the camera number: stable across runs.
			mac: options.batch ? BATCH_FIRST_MAC + index : 0x240a_c4_000000 + ((options.seed * 0x9e37) & 0xff00) + index * 0x010101 + 0x10,
			nextWakeAt: this.random.exponential(this.options.meanWakeIntervalMs / 3),
			queue: [],
			images: 0,
			batteryPercent: this.random.int(40, 100),
		}));
		this.macs = this.cameras.map(camera => camera.mac);
	}

	/** No camera wakes again; what is under way still goes out. */
	stopWaking(): void {
		for (const camera of this.cameras) camera.nextWakeAt = Number.POSITIVE_INFINITY;
	}

	/** Nothing left to send and no wake to come. */
	get finished(): boolean {
		return this.cameras.every(camera => camera.queue.length === 0 && camera.nextWakeAt === Number.POSITIVE_INFINITY);
	}

	/** Everything the relay writes from the last call up to `untilMs`, in order. */
	take(untilMs: number): Buffer[] {
		const out: Buffer[] = [];
		if (this.bootPending) {
			this.bootPending = false;
			out.push(ROM_BANNER);
			out.push(logLine('I', 312, 'usb_cdc_receiver: ESP-NOW receiver ready, channel 1'));
		}

		for (;;) {
			let next: Camera | undefined;
			let nextAt = Number.POSITIVE_INFINITY;
			for (const camera of this.cameras) {
				const at = camera.queue.length > 0 ? camera.queue[0]!.at : camera.nextWakeAt;
				if (at < nextAt) {
					nextAt = at;
					next = camera;
				}
			}

			if (!next || nextAt > untilMs) break;
			if (next.queue.length === 0) {
				this.wake(next);
				continue;
			}

			const item = next.queue.shift()!;
			this.stats.bytes += item.bytes.length;
			out.push(item.bytes);
			for (let i = 0; i < this.options.phantoms; i++) out.push(this.phantomFrame());
		}

		return out;
	}

	private wake(camera: Camera): void {
		const start = camera.nextWakeAt;
		const {chunkIntervalMs, chunkSize} = this.options;
		this.stats.wakes++;
		camera.batteryPercent = Math.max(5, Math.min(100, camera.batteryPercent + this.random.int(-2, 1)));
		let time = start;
		const schedule = (bytes: Buffer) => {
			camera.queue.push({at: time, bytes});
			time += chunkIntervalMs * (0.8 + 0.4 * this.random.next());
		};

		if (this.random.chance(this.options.captureFailureRate)) {
			this.send(schedule, encodeFrame(camera.mac, FrameType.Hash, 0, hashPayload('0'.repeat(64), camera.batteryPercent)));
			this.log(schedule, 'W', time, `usb_cdc_receiver: ${macToString(camera.mac)} reports a failed capture`);
			this.send(schedule, encodeFrame(camera.mac, FrameType.Eof, 0, EOF_PAYLOAD));
		} else {
			const imageNumber = camera.images++;
			const data = this.options.image(camera.index, imageNumber);
			const sha256 = createHash('sha256').update(data).digest('hex');
			this.stats.images++;
			const hashDelivered = this.onAir() && this.send(schedule, encodeFrame(camera.mac, FrameType.Hash, 0, hashPayload(sha256, camera.batteryPercent)));
			let intact = hashDelivered;
			const chunks = Math.ceil(data.length / chunkSize);
			const rebootAt = this.random.chance(this.options.reboots) ? this.random.int(1, chunks) : 0;
			// The relay's own counter: it numbers the DATA frames it receives.
			let sequence = 0;
			for (let chunk = 1; chunk <= chunks; chunk++) {
				const payload = data.subarray((chunk - 1) * chunkSize, chunk * chunkSize);
				if (!this.onAir()) {
					intact = false;
					continue;
				}

				sequence++;
				if (chunk === rebootAt) {
					this.reboot(schedule, encodeFrame(camera.mac, FrameType.Data, sequence, payload));
					intact = false;
					sequence = 0;
					continue;
				}

				intact = this.send(schedule, encodeFrame(camera.mac, FrameType.Data, sequence, payload)) && intact;
			}

			intact = this.onAir() && this.send(schedule, encodeFrame(camera.mac, FrameType.Eof, 0, EOF_PAYLOAD)) && intact;
			this.log(schedule, 'I', time, `usb_cdc_receiver: ESP-NOW CB [${macToString(camera.mac)}]: Received EOF marker`);
			if (this.options.keepManifest) this.sent.push({mac: camera.mac, imageNumber, data, intact, hashDelivered});
		}

		camera.nextWakeAt = time + this.sleepMs();
		if (this.stats.wakes >= this.options.maxWakes) this.stopWaking();
	}

	/** How long a camera sleeps after a wake. */
	private sleepMs(): number {
		const {meanWakeIntervalMs: mean, wakeJitter} = this.options;
		return wakeJitter === undefined ? this.random.exponential(mean) : mean * (1 + wakeJitter * (2 * this.random.next() - 1));
	}

	/** One valid frame from a random MAC that sends nothing else: a well-formed HASH, a DATA or an EOF. */
	private phantomFrame(): Buffer {
		const random = this.phantomRandom;
		const mac = Math.floor(random.next() * 2 ** 48);
		const kind = random.int(0, 2);
		const frame =
			kind === 0
				? encodeFrame(
						mac,
						FrameType.Hash,
						0,
						hashPayload(
							random
								.int(0, 2 ** 31)
								.toString(16)
								.padStart(64, '0'),
							random.int(0, 100),
						),
					)
				: kind === 1
					? encodeFrame(mac, FrameType.Data, random.int(1, 40), PHANTOM_CHUNK)
					: encodeFrame(mac, FrameType.Eof, 0, EOF_PAYLOAD);
		this.stats.phantomFrames++;
		this.stats.bytes += frame.length;
		return frame;
	}

	/** Whether a camera's packet reaches the relay at all. */
	private onAir(): boolean {
		if (!this.random.chance(this.options.airLoss)) return true;
		this.stats.framesLostOnAir++;
		return false;
	}

	/** The relay resets while writing `frame`: it is cut short, and the ROM's boot text follows. */
	private reboot(schedule: (bytes: Buffer) => void, frame: Buffer): void {
		this.stats.relayReboots++;
		this.stats.frames++;
		schedule(Buffer.concat([frame.subarray(0, this.random.int(1, frame.length - 1)), ROM_BANNER]));
		schedule(logLine('I', 312, 'usb_cdc_receiver: ESP-NOW receiver ready, channel 1'));
	}

	/** Writes a frame, unless it is lost or damaged on the way; true if it went out unharmed. */
	private send(schedule: (bytes: Buffer) => void, frame: Buffer): boolean {
		this.stats.frames++;
		if (this.random.chance(this.options.loss)) {
			this.stats.framesLost++;
			return false;
		}

		if (this.random.chance(this.options.corrupt)) {
			this.stats.framesCorrupted++;
			schedule(this.damage(frame));
			return false;
		}

		schedule(frame);
		return true;
	}

	private damage(frame: Buffer): Buffer {
		const copy = Buffer.from(frame);
		const kind = this.random.int(0, 2);
		if (kind === 0) {
			const bit = this.random.int(0, copy.length * 8 - 1);
			copy[bit >> 3]! ^= 1 << (bit & 7);
			return copy;
		}

		const cut = this.random.int(1, copy.length - 1);
		if (kind === 1) {
			// The relay drops output when the host stops reading: a piece goes missing.
			return Buffer.concat([copy.subarray(0, cut), copy.subarray(Math.min(copy.length, cut + this.random.int(1, 64)))]);
		}

		// A log line cut into the frame.
		return Buffer.concat([copy.subarray(0, cut), logLine('W', 99_999, 'usb_cdc_receiver: queue full'), copy.subarray(cut)]);
	}

	private log(schedule: (bytes: Buffer) => void, level: 'I' | 'W', atMs: number, message: string): void {
		if (this.options.relayLogs && this.random.chance(0.5)) schedule(logLine(level, Math.round(atMs), message));
	}
}

/** The first MAC of a batch of cameras (`batch`). */
const BATCH_FIRST_MAC = 0x240a_7700_0900;
const PHANTOM_CHUNK = Buffer.alloc(ESPNOW_V1_MAX_PAYLOAD, 0x5a);

/** What the ESP32-C3's ROM prints when it boots. */
const ROM_BANNER = Buffer.from(
	'ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\nrst:0x15 (USB_UART_CHIP_RESET),boot:0xd (SPI_FAST_FLASH_BOOT)\r\n' +
		'Saved PC:0x403807a8\r\nSPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fcd5810,len:0x438\r\nentry 0x403ce000\r\n',
);

/** An ESP-IDF log line, coloured as the relay prints it. */
function logLine(level: 'I' | 'W', uptimeMs: number, message: string): Buffer {
	const colour = level === 'W' ? '0;33' : '0;32';
	return Buffer.from(`\x1b[${colour}m${level} (${uptimeMs}) ${message}\x1b[0m\r\n`);
}
