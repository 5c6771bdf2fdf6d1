import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {SharedByteRing, type RingSlot} from '../../../source/runtime/shared-byte-ring.js';
import {Prng} from '../../../source/simulator/prng.js';

describe('SharedByteRing', () => {
	it('keeps every slot in use intact through thousands of puts and in-order releases, wrapping around', () => {
		const ring = new SharedByteRing(10_000);
		const view = new Uint8Array(ring.buffer);
		const random = new Prng(7);
		const live: {slot: RingSlot; fill: number}[] = [];
		let wraps = 0;
		let refused = 0;
		for (let step = 0; step < 20_000; step++) {
			if (live.length > 0 && random.next() < 0.45) {
				ring.releaseOldest();
				live.shift();
			} else {
				const length = random.int(1, 3000);
				const fill = step % 251;
				const slot = ring.put(new Uint8Array(length).fill(fill));
				if (!slot) {
					refused++;
					continue;
				}

				if (live.length > 0 && slot.offset === 0) wraps++;
				live.push({slot, fill});
			}

			assert.equal(ring.slotsInUse, live.length);
			for (const {slot, fill} of live) {
				assert.ok(slot.offset + slot.length <= ring.capacity);
				assert.ok(
					view.subarray(slot.offset, slot.offset + slot.length).every(byte => byte === fill),
					`slot at ${slot.offset} overwritten`,
				);
			}
		}

		assert.ok(wraps > 100 && refused > 100, `the test wrapped ${wraps} times and was refused ${refused} times`);
	});

	it('refuses data it can never hold, and takes a whole-capacity piece once empty', () => {
		const ring = new SharedByteRing(100);
		assert.equal(ring.canHold(0), false);
		assert.equal(ring.canHold(101), false);
		assert.throws(() => ring.put(new Uint8Array(101)), RangeError);
		assert.deepEqual(ring.put(new Uint8Array(60)), {offset: 0, length: 60});
		assert.equal(ring.put(new Uint8Array(41)), undefined);
		assert.deepEqual(ring.put(new Uint8Array(40)), {offset: 60, length: 40});
		ring.releaseOldest();
		assert.deepEqual(ring.put(new Uint8Array(60)), {offset: 0, length: 60});
		assert.equal(ring.put(new Uint8Array(1)), undefined);
		ring.releaseOldest();
		ring.releaseOldest();
		assert.deepEqual(ring.put(new Uint8Array(100)), {offset: 0, length: 100});
	});
});
