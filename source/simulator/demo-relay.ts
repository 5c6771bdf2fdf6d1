import {JpegFactory} from './jpeg-factory.js';
import {makePicturePool} from './picture-pool.js';
import {RelaySimulator, type SimulatorOptions} from './relay-simulator.js';

export interface DemoRelayOptions {
	cameras: number;
	seed?: number;
	onData: (chunk: Buffer) => void;
	meanWakeIntervalMs?: number;
	/** Stops the making of the pictures (rejects with an AbortError). */
	signal?: AbortSignal;
}

export interface DemoRelay {
	stop(): void;
}

const PICTURE_SIZE = {width: 320, height: 240};
const PICTURES_PER_CAMERA = 8;

/**
 * The built-in relay of `--demo`: the simulator's bytes, paced in real time,
 * handed to the same pipeline as a serial port's. A little loss and damage
 * so that gaps and incomplete images show up. Its pictures are made first,
 * in a worker (a second or two).
 */
export async function startDemoRelay(options: DemoRelayOptions): Promise<DemoRelay> {
	const pool = await makePicturePool({cameras: options.cameras, picturesPerCamera: PICTURES_PER_CAMERA, size: PICTURE_SIZE}, options.signal);
	const pictures = new JpegFactory(PICTURE_SIZE, PICTURES_PER_CAMERA, pool);
	const simulator = new RelaySimulator(
		demoSimulatorOptions({
			cameras: options.cameras,
			seed: options.seed ?? Date.now() % 100_000,
			meanWakeIntervalMs: options.meanWakeIntervalMs,
			image: (camera, number) => pictures.image(camera, number),
		}),
	);
	const started = performance.now();
	const timer = setInterval(() => {
		// USB CDC delivers in small pieces; join what is due into one chunk per tick.
		const due = simulator.take(performance.now() - started);
		if (due.length > 0) options.onData(Buffer.concat(due));
	}, 50);
	return {
		stop() {
			clearInterval(timer);
		},
	};
}

/** The demo relay's cameras and link: a wake about every 10 s, a little loss and damage. */
export function demoSimulatorOptions(options: Pick<SimulatorOptions, 'cameras' | 'seed' | 'meanWakeIntervalMs' | 'image'>): SimulatorOptions {
	return {
		cameras: options.cameras,
		seed: options.seed,
		loss: 0.002,
		corrupt: 0.001,
		meanWakeIntervalMs: options.meanWakeIntervalMs ?? 10_000,
		// Real cameras sleep a set time: random intervals would now and then leave one silent for a minute, and overdue.
		wakeJitter: 0.2,
		keepManifest: false,
		image: options.image,
	};
}
