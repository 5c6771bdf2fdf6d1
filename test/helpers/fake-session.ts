import {FrameType} from '../../source/core/protocol/constants.js';
import {hashPayload} from '../../source/core/protocol/frame-encoder.js';
import {Pipeline} from '../../source/session/pipeline.js';
import type {Session, SessionSettings} from '../../source/session/session.js';
import {DashboardModel} from '../../source/dashboard/dashboard-model.js';
import {CHUNK, fakeJpeg, sha256Hex} from './camera-frames.js';

export const SETTINGS: SessionSettings = {
	port: '/dev/ttyACM0',
	baud: 115_200,
	out: '/tmp/esp-cam-test-never-written',
	imageTimeoutMs: 20_000,
	debug: false,
	demo: false,
	demoCameras: 4,
};

/**
 * A real Pipeline (its reassembler and counters), wrapped as a session without
 * an input: tests feed it frames directly. Nothing is written to disk unless
 * an image completes, so frames stop short of EOF.
 */
export function modelWithPipeline(names?: Map<number, string>): {pipeline: Pipeline; model: DashboardModel} {
	const pipeline = new Pipeline({outDir: SETTINGS.out});
	const session = {pipeline, settings: SETTINGS} as unknown as Session;
	const model = new DashboardModel(SETTINGS, names).bind(session);
	pipeline.on(model.listener);
	return {pipeline, model};
}

/** HASH and the first `chunks` DATA frames of an image, straight into the reassembler. */
export function feedOpenImage(pipeline: Pipeline, mac: number, chunks: number, now = Date.now()): void {
	const image = fakeJpeg(CHUNK * (chunks + 2), mac);
	pipeline.reassembler.frame({mac, type: FrameType.Hash, sequence: 0, payload: hashPayload(sha256Hex(image), 64)}, now);
	for (let sequence = 1; sequence <= chunks; sequence++) {
		pipeline.reassembler.frame({mac, type: FrameType.Data, sequence, payload: image.subarray((sequence - 1) * CHUNK, sequence * CHUNK)}, now);
	}
}
