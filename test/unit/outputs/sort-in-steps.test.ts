import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {sortInSteps} from '../../../source/outputs/retention/sort-in-steps.js';

describe('sortInSteps', () => {
	it('orders a folder’s worth of keys as a plain sort does, equal keys in their first order', async () => {
		const keys = Float64Array.from({length: 50_000}, (_, index) => Math.floor(Math.sin(index) * 1000));
		const order = await sortInSteps(keys);
		const expected = [...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
		assert.deepEqual([...order], expected);
		assert.deepEqual([...(await sortInSteps(new Float64Array(0)))], []);
		assert.deepEqual([...(await sortInSteps(Float64Array.of(2, 1, 3)))], [1, 0, 2]);
	});
});
