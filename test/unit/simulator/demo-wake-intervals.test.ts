import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {demoSimulatorOptions} from '../../../source/simulator/demo-relay.js';
import {RelaySimulator} from '../../../source/simulator/relay-simulator.js';
import {collectingDecoder} from '../../helpers/collect-decoder.js';
import {fakeJpeg} from '../../helpers/camera-frames.js';

const HOUR = 3_600_000;
/** A learned interval counts as at least 20 s, and overdue is more than 3 of them: no demo camera may be silent this long. */
const LEAST_OVERDUE_MS = 60_000;

/** The longest time each camera of the demo relay sends no frame, over `durationMs` of its timeline. */
function longestSilences(seed: number, durationMs: number): number[] {
	const simulator = new RelaySimulator(demoSimulatorOptions({cameras: 4, seed, image: (camera, number) => fakeJpeg(4000 + number, camera)}));
	const {decoder, frames} = collectingDecoder();
	const lastHeard = new Map<number, number>();
	const longest = new Map<number, number>();
	for (let now = 1000; now <= durationMs; now += 1000) {
		for (const chunk of simulator.take(now)) decoder.push(chunk, now);
		for (const frame of frames.splice(0)) {
			longest.set(frame.mac, Math.max(longest.get(frame.mac) ?? 0, now - (lastHeard.get(frame.mac) ?? 0)));
			lastHeard.set(frame.mac, now);
		}
	}

	return simulator.macs.map(mac => Math.max(longest.get(mac) ?? durationMs, durationMs - (lastHeard.get(mac) ?? 0)));
}

describe('the demo relay', () => {
	it('wakes its cameras about every 10 s, as real cameras sleep a set time: none is silent long enough to be overdue in an hour', () => {
		for (const seed of [1, 2, 3]) {
			const silences = longestSilences(seed, HOUR);
			assert.ok(
				silences.every(silence => silence < LEAST_OVERDUE_MS),
				`seed ${seed}: longest silences ${silences.join(', ')} ms`,
			);
			// Still the demo's pace: each camera wakes again within about 10 s (not a fixed beat that would look mechanical).
			assert.ok(
				silences.every(silence => silence > 10_000 && silence <= 14_000),
				`seed ${seed}: longest silences ${silences.join(', ')} ms`,
			);
		}
	});
});
