import {createHash} from 'node:crypto';
import {createWriteStream} from 'node:fs';
import {stat, writeFile} from 'node:fs/promises';
import {once} from 'node:events';
import {setImmediate as yieldToEvents, setTimeout as delay} from 'node:timers/promises';
import type {Writable} from 'node:stream';
import {SerialPort} from 'serialport';
import {macToString} from '../core/protocol/mac.js';
import {FatalError} from '../runtime/fatal-error.js';
import {describeOpenError, notASerialPort} from '../io/serial/open-error.js';
import {JpegFactory} from './jpeg-factory.js';
import {makePicturePool} from './picture-pool.js';
import {RelaySimulator} from './relay-simulator.js';

export interface SimulateSettings {
	/** A serial device (e.g. one end of a pseudo-terminal pair), a file, or `-` for stdout. */
	target: string;
	cameras: number;
	/** Stop after this many camera wakes (default: endless for a device, 100 for a file). */
	wakes?: number;
	durationMs?: number;
	loss: number;
	corrupt: number;
	/** Packets lost on the air, before the relay numbers them. */
	airLoss: number;
	/** Relay reboots in the middle of an image. */
	reboots: number;
	seed: number;
	meanWakeIntervalMs: number;
	/** Pace like the real link; the default for a device, off for files. */
	realtime?: boolean;
	width: number;
	height: number;
	/** Cameras from one batch: consecutive MACs from 24:0a:77:00:09:00. */
	batch?: boolean;
	/** Frames from made-up MACs (one frame each) after each thing the relay writes. */
	phantoms?: number;
	/** Write a JSON list of the images sent (with their SHA-256 and whether they went out intact). */
	manifest?: string;
}

interface Target {
	/** Rejects with the sink's failure, or with an AbortError once `signal` fires. */
	write(chunk: Buffer, signal: AbortSignal): Promise<void>;
	/** Bytes the system has taken (not those still queued in this process). */
	readonly written: number;
	/** Waits until the system has taken every byte, unless `signal` fires first. */
	flush(signal: AbortSignal): Promise<void>;
	close(): Promise<void>;
	realtimeByDefault: boolean;
}

const STEP_MS = 20;
const PICTURES_PER_CAMERA = 12;
/** A device whose other end is gone or never read may not let go of its last bytes. */
const CLOSE_LIMIT_MS = 1000;

/**
 * `esp-cam-monitor simulate`: writes a realistic relay stream. Resolves to the
 * exit code: 0 when everything asked for was written or a signal stopped it, 1
 * when the target failed (the other end went away, a closed pipe, a full disk).
 */
export async function runSimulate(settings: SimulateSettings, signal: AbortSignal): Promise<number> {
	const target = await openTarget(settings.target);
	const wakes = settings.wakes ?? (target.realtimeByDefault || settings.durationMs !== undefined ? undefined : 100);
	const size = {width: settings.width, height: settings.height};
	// Wakes fall on cameras at random: one that wakes more often than its share renders the rest itself.
	const count = wakes === undefined ? PICTURES_PER_CAMERA : Math.min(PICTURES_PER_CAMERA, Math.ceil(wakes / settings.cameras) + 1);
	// A few seconds of silence otherwise, for a person watching.
	if (process.stderr.isTTY) process.stderr.write(`simulate: making ${settings.cameras * count} pictures first…\n`);
	let pool: Buffer[][];
	try {
		pool = await makePicturePool({cameras: settings.cameras, picturesPerCamera: PICTURES_PER_CAMERA, count, size}, signal);
	} catch (error) {
		await target.close();
		if (signal.aborted) return 0;
		throw error;
	}

	const pictures = new JpegFactory(size, PICTURES_PER_CAMERA, pool);
	const realtime = settings.realtime ?? target.realtimeByDefault;
	const simulator = new RelaySimulator({
		cameras: settings.cameras,
		seed: settings.seed,
		loss: settings.loss,
		corrupt: settings.corrupt,
		airLoss: settings.airLoss,
		reboots: settings.reboots,
		batch: settings.batch,
		phantoms: settings.phantoms,
		meanWakeIntervalMs: settings.meanWakeIntervalMs,
		keepManifest: settings.manifest !== undefined,
		maxWakes: wakes,
		image: (camera, number) => pictures.image(camera, number),
	});

	let failure: Error | undefined;
	const write = async (parts: Buffer[]) => target.write(Buffer.concat(parts), signal);

	try {
		const started = performance.now();
		let simulatedMs = 0;
		while (!simulator.finished && !signal.aborted) {
			if (realtime) {
				await sleep(STEP_MS, signal);
				simulatedMs = performance.now() - started;
			} else {
				simulatedMs += 1000;
			}

			if (settings.durationMs !== undefined && simulatedMs >= settings.durationMs) simulator.stopWaking();
			const due = simulator.take(simulator.finished ? Number.POSITIVE_INFINITY : simulatedMs);
			if (due.length > 0) await write(due);
			// A write that needs no wait resolves at once: let signals in between.
			await yieldToEvents();
		}

		if (!signal.aborted) {
			const rest = simulator.take(Number.POSITIVE_INFINITY);
			if (rest.length > 0) await write(rest);
		}
		await target.flush(signal);
	} catch (error) {
		if (!signal.aborted) failure = error as Error;
	}

	await target.close();
	const targetName = settings.target === '-' ? 'stdout' : settings.target;
	const {stats} = simulator;
	process.stderr.write(
		failure
			? `simulate: stopped, ${targetName} ${describeWriteError(failure)}; ${target.written} bytes written\n`
			: `simulate: ${stats.images} images from ${settings.cameras} camera${settings.cameras === 1 ? '' : 's'}, ${stats.frames} frames ` +
					`(${stats.framesLost} lost, ${stats.framesCorrupted} damaged${stats.framesLostOnAir > 0 ? `, ${stats.framesLostOnAir} lost on the air` : ''}` +
					`${stats.relayReboots > 0 ? `, ${stats.relayReboots} relay reboots` : ''})` +
					`${stats.phantomFrames > 0 ? `, ${stats.phantomFrames} frames from made-up MACs` : ''}, ${target.written} bytes written to ${targetName}` +
					`${signal.aborted ? ' (stopped)' : ''}\n`,
	);
	if (settings.manifest) await writeManifest(settings.manifest, simulator);
	return failure ? 1 : 0;
}

async function writeManifest(file: string, simulator: RelaySimulator): Promise<void> {
	const images = simulator.sent.map(image => ({
		mac: macToString(image.mac),
		imageNumber: image.imageNumber,
		bytes: image.data.length,
		sha256: createHash('sha256').update(image.data).digest('hex'),
		intact: image.intact,
		hashDelivered: image.hashDelivered,
	}));
	try {
		await writeFile(file, JSON.stringify(images, undefined, '\t') + '\n');
	} catch (error) {
		throw new FatalError(`cannot write manifest ${file}: ${(error as Error).message}`);
	}
}

/** Why the target took no more bytes, in plain words. */
function describeWriteError(error: Error): string {
	const code = (error as NodeJS.ErrnoException).code ?? '';
	// A write fails with EIO; a write that waits for room hears "bad file descriptor" from serialport's poller.
	if (code === 'EIO' || /input\/output error|bad file descriptor/i.test(error.message)) return `is gone: its other end was closed${code ? ` (${code})` : ''}`;
	if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return 'was closed by its reader (EPIPE)';
	if (code === 'ENOSPC') return 'is full: no space left on the device (ENOSPC)';
	return `failed: ${error.message}`;
}

async function openTarget(target: string): Promise<Target> {
	if (target === '-') return streamTarget(process.stdout);
	const info = await stat(target).catch(() => undefined);
	if (info?.isCharacterDevice() && (await notASerialPort(target)) === undefined) return serialTarget(target);
	// A file, or a device that is no terminal (/dev/null, /dev/full): written like a file.
	const file = createWriteStream(target);
	try {
		await once(file, 'open');
	} catch (error) {
		throw new FatalError(`cannot write ${target}: ${(error as Error).message}`);
	}

	return streamTarget(file, {owned: true});
}

/** Through serialport, which puts a pseudo-terminal in raw mode: no byte gets translated. */
async function serialTarget(target: string): Promise<Target> {
	const port = new SerialPort({path: target, baudRate: 115_200, autoOpen: false});
	await new Promise<void>((resolve, reject) => {
		port.open(error => (error ? reject(new FatalError(`cannot open ${target}: ${describeOpenError(target, error).message}`)) : resolve()));
	});
	return Object.assign(streamTarget(port), {
		realtimeByDefault: true,
		async close() {
			// Bytes still queued here are dropped: a stopped or failed run does not wait for a reader.
			const closed = new Promise<void>(resolve => {
				port.close(() => resolve());
			});
			await Promise.race([closed, delay(CLOSE_LIMIT_MS, undefined, {ref: false})]);
		},
	});
}

/** A stream that may fail at any write: its 'error' becomes the rejection of a write, never an unhandled event. */
function streamTarget(stream: Writable, {owned = false} = {}): Target {
	let failure: Error | undefined;
	let written = 0;
	let pending = 0;
	let whenIdle: (() => void) | undefined;
	stream.on('error', (error: Error) => {
		failure ??= error;
		whenIdle?.();
	});
	// A function, not an inline check: the write callbacks set `failure` while a write awaits.
	const throwIfFailed = () => {
		if (failure) throw failure;
	};
	return {
		realtimeByDefault: false,
		get written() {
			return written;
		},
		async write(chunk, signal) {
			throwIfFailed();
			pending++;
			const taken = stream.write(chunk, error => {
				pending--;
				// The callback can come before the stream's 'error' event: the failure counts from here.
				if (error) failure ??= error;
				else written += chunk.length;
				if (pending === 0) whenIdle?.();
			});
			if (!taken) await once(stream, 'drain', {signal});
			throwIfFailed();
		},
		async flush(signal) {
			if (pending > 0 && !failure && !signal.aborted) {
				await new Promise<void>(resolve => {
					whenIdle = resolve;
					signal.addEventListener('abort', () => resolve(), {once: true});
				});
			}

			throwIfFailed();
		},
		async close() {
			if (!owned) return;
			if (failure || pending > 0) stream.destroy();
			else await new Promise<void>(resolve => stream.end(resolve));
		},
	};
}

async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	await delay(ms, undefined, {signal}).catch(() => undefined);
}
