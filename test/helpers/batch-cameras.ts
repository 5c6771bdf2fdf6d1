import {FrameType} from '../../source/core/protocol/constants.js';
import type {Frame} from '../../source/core/protocol/frame-decoder.js';
import type {ImageResult} from '../../source/core/reassembly/reassembler.js';
import {Prng} from '../../source/simulator/prng.js';
import {CHUNK, fakeJpeg, wakeFrames} from './camera-frames.js';

/** Six cameras from one batch: consecutive MACs, so several pairs differ in one bit (…:00/:01, :00/:02, :01/:05…). */
export const BATCH_MACS = [0, 1, 2, 3, 4, 5].map(index => 0x240a_7700_0900 + index);

export interface BatchWake {
	mac: number;
	image: Buffer;
	/** Every frame of the wake (HASH, DATA, EOF) was delivered. */
	intact: boolean;
}

/**
 * `wakes` wakes of each batch camera, their frames interleaved at frame
 * granularity as cameras sending at once are, with each frame lost (the
 * relay's queue) with probability `drop`.
 */
export function batchStream(seed: number, drop: number, {wakes = 15, airLoss = 0}: {wakes?: number; airLoss?: number} = {}): {frames: Frame[]; sent: BatchWake[]} {
	const random = new Prng(seed);
	const sent: BatchWake[] = [];
	const pending = BATCH_MACS.map((mac, camera) => {
		const frames: {frame: Frame; wake: BatchWake}[] = [];
		for (let number = 0; number < wakes; number++) {
			const image = fakeJpeg(random.int(CHUNK + 1, CHUNK * 12), seed * 10_000 + camera * 100 + number + 1);
			const wake: BatchWake = {mac, image, intact: true};
			sent.push(wake);
			// A packet lost on the air is never numbered by the relay: the chunks after it are numbered one lower.
			let lostOnAir = 0;
			for (const frame of wakeFrames(mac, image, {voltage: 50 + camera})) {
				if (frame.type === FrameType.Data && random.chance(airLoss)) {
					lostOnAir++;
					wake.intact = false;
				} else frames.push({frame: frame.type === FrameType.Data ? {...frame, sequence: frame.sequence - lostOnAir} : frame, wake});
			}
		}

		return frames;
	});
	const frames: Frame[] = [];
	for (let left = pending.filter(list => list.length > 0); left.length > 0; left = left.filter(list => list.length > 0)) {
		const {frame, wake} = left[random.int(0, left.length - 1)]!.shift()!;
		if (random.chance(drop)) wake.intact = false;
		else frames.push(frame);
	}

	return {frames, sent};
}

/** One frame from each of `count` random MACs, of every kind (well-formed HASHes and DATA 1 among them). */
export function phantomFlood(random: Prng, count: number): Frame[] {
	const frames: Frame[] = [];
	for (let i = 0; i < count; i++) {
		const mac = Math.floor(random.next() * 2 ** 48);
		const type = [FrameType.Hash, FrameType.Data, FrameType.Eof][random.int(0, 2)]!;
		const payload = type === FrameType.Hash ? Buffer.from(`HASH:${'e'.repeat(64)},VOLT:9`) : type === FrameType.Eof ? Buffer.from('EOF!') : Buffer.alloc(CHUNK, 7);
		frames.push({mac, type, sequence: type === FrameType.Data ? random.int(1, 40) : 0, payload});
	}

	return frames;
}

/**
 * Why an image holds bytes that are not all its own camera's chunks, in
 * order of sending with holes allowed; undefined when it does not.
 */
export function foreignBytes(result: Pick<ImageResult, 'mac' | 'data'>, sent: readonly BatchWake[]): string | undefined {
	const chunks = new Set<string>();
	for (const wake of sent) {
		if (wake.mac !== result.mac) continue;
		for (let offset = 0; offset < wake.image.length; offset += CHUNK) chunks.add(wake.image.subarray(offset, offset + CHUNK).toString('latin1'));
	}

	const lengths = new Set([...chunks].map(chunk => chunk.length));
	const data = result.data.toString('latin1');
	for (let offset = 0; offset < data.length;) {
		const length = [...lengths].find(candidate => chunks.has(data.slice(offset, offset + candidate)));
		if (length === undefined) return `byte ${offset} of an image of ${result.mac.toString(16)} is no chunk of that camera`;
		offset += length;
	}

	return undefined;
}
