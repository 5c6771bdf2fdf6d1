import {FrameType} from '../../source/core/protocol/constants.js';
import {hashPayload} from '../../source/core/protocol/frame-encoder.js';
import {Monitor} from '../../source/session/monitor.js';
import type {MonitorSession, SessionSettings} from '../../source/session/monitor-session.js';
import {IngestTracker} from '../../source/dashboard/ingest-tracker.js';
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
 * A real Monitor (its reassembler and counters), wrapped as a session without
 * an input: tests feed it frames directly. Nothing is written to disk unless
 * an image completes, so frames stop short of EOF.
 */
export function trackedMonitor(names?: Map<number, string>): {monitor: Monitor; tracker: IngestTracker} {
	const monitor = new Monitor({outDir: SETTINGS.out});
	const session = {monitor, settings: SETTINGS} as unknown as MonitorSession;
	const tracker = new IngestTracker(SETTINGS, names).bind(session);
	monitor.on(tracker.listener);
	return {monitor, tracker};
}

/** HASH and the first `chunks` DATA frames of an image, straight into the reassembler. */
export function feedOpenImage(monitor: Monitor, mac: number, chunks: number, now = Date.now()): void {
	const image = fakeJpeg(CHUNK * (chunks + 2), mac);
	monitor.reassembler.frame({mac, type: FrameType.Hash, sequence: 0, payload: hashPayload(sha256Hex(image), 64)}, now);
	for (let sequence = 1; sequence <= chunks; sequence++) {
		monitor.reassembler.frame({mac, type: FrameType.Data, sequence, payload: image.subarray((sequence - 1) * CHUNK, sequence * CHUNK)}, now);
	}
}
