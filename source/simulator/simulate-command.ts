import {createHash} from 'node:crypto';
import {createWriteStream} from 'node:fs';
import {stat, writeFile} from 'node:fs/promises';
import {once} from 'node:events';
import type {Writable} from 'node:stream';
import {SerialPort} from 'serialport';
import {macToString} from '../protocol/mac.js';
import {FatalError} from '../ingest/fatal-error.js';
import {JpegFactory} from './jpeg-factory.js';
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
	seed: number;
	meanWakeIntervalMs: number;
	/** Pace like the real link; the default for a device, off for files. */
	realtime?: boolean;
	width: number;
	height: number;
	/** Write a JSON list of the images sent (with their SHA-256 and whether they went out intact). */
	manifest?: string;
}

interface Sink {
	write(chunk: Buffer): Promise<void>;
	close(): Promise<void>;
	realtimeByDefault: boolean;
}

const STEP_MS = 20;

/** `esp-cam-monitor simulate`: writes a realistic relay stream. Resolves to the exit code. */
export async function runSimulate(settings: SimulateSettings, signal: AbortSignal): Promise<number> {
	const sink = await openSink(settings.target);
	const pictures = new JpegFactory({width: settings.width, height: settings.height});
	const realtime = settings.realtime ?? sink.realtimeByDefault;
	const wakes = settings.wakes ?? (sink.realtimeByDefault || settings.durationMs !== undefined ? undefined : 100);
	const simulator = new RelaySimulator({
		cameras: settings.cameras,
		seed: settings.seed,
		loss: settings.loss,
		corrupt: settings.corrupt,
		meanWakeIntervalMs: settings.meanWakeIntervalMs,
		keepManifest: settings.manifest !== undefined,
		maxWakes: wakes,
		image: (camera, number) => pictures.image(camera, number),
	});

	const started = performance.now();
	let simulatedMs = 0;
	while (!simulator.finished && !signal.aborted) {
		if (realtime) {
			await new Promise(resolve => setTimeout(resolve, STEP_MS));
			simulatedMs = performance.now() - started;
		} else {
			simulatedMs += 1000;
		}

		if (settings.durationMs !== undefined && simulatedMs >= settings.durationMs) simulator.stopWaking();
		const due = simulator.take(simulator.finished ? Number.POSITIVE_INFINITY : simulatedMs);
		if (due.length > 0) await sink.write(Buffer.concat(due));
	}

	if (!signal.aborted) {
		const rest = simulator.take(Number.POSITIVE_INFINITY);
		if (rest.length > 0) await sink.write(Buffer.concat(rest));
	}

	await sink.close();
	if (settings.manifest) {
		const images = simulator.sent.map(image => ({
			mac: macToString(image.mac),
			imageNumber: image.imageNumber,
			bytes: image.data.length,
			sha256: createHash('sha256').update(image.data).digest('hex'),
			intact: image.intact,
			hashDelivered: image.hashDelivered,
		}));
		await writeFile(settings.manifest, JSON.stringify(images, undefined, '\t') + '\n');
	}

	const {stats} = simulator;
	process.stderr.write(
		`simulate: ${stats.images} images from ${settings.cameras} cameras, ${stats.frames} frames ` +
			`(${stats.framesLost} lost, ${stats.framesCorrupted} damaged), ${stats.bytes} bytes written to ${settings.target}\n`,
	);
	return 0;
}

async function openSink(target: string): Promise<Sink> {
	if (target === '-') return streamSink(process.stdout, false);
	const info = await stat(target).catch(() => undefined);
	if (info?.isCharacterDevice()) {
		// Through serialport, which puts a pseudo-terminal in raw mode: no byte gets translated.
		const port = new SerialPort({path: target, baudRate: 115_200, autoOpen: false});
		await new Promise<void>((resolve, reject) => {
			port.open(error => (error ? reject(new FatalError(`cannot open ${target}: ${error.message}`)) : resolve()));
		});
		return {
			realtimeByDefault: true,
			async write(chunk) {
				if (!port.write(chunk)) await once(port, 'drain');
			},
			async close() {
				await new Promise<void>(resolve => {
					port.drain(() => port.close(() => resolve()));
				});
			},
		};
	}

	const file = createWriteStream(target);
	try {
		await once(file, 'open');
	} catch (error) {
		throw new FatalError(`cannot write ${target}: ${(error as Error).message}`);
	}

	return streamSink(file, true);
}

function streamSink(stream: Writable, ownsStream: boolean): Sink {
	return {
		realtimeByDefault: false,
		async write(chunk) {
			if (!stream.write(chunk)) await once(stream, 'drain');
		},
		async close() {
			if (ownsStream) await new Promise<void>(resolve => stream.end(resolve));
		},
	};
}
