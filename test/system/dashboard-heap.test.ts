import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {afterChurn} from '../helpers/heap-churn.js';

const MODULE = fileURLToPath(new URL('../../dist/runtime/dashboard-heap.js', import.meta.url));

/** The old generation's largest size (MB) while garbage lives long enough to be promoted. */
const oldGenerationAfterChurn = (load: boolean): number =>
	afterChurn(
		load ? MODULE : undefined,
		`const oldSpace = () => v8.getHeapSpaceStatistics().find(space => space.space_name === 'old_space').space_size;
const window = new Array(200000);
let largest = 0;
for (let i = 0; i < 6e6; i++) {
	window[i % window.length] = {i, text: 'x' + i};
	if (i % 100000 === 0) largest = Math.max(largest, oldSpace());
}
console.log(largest / 1024 / 1024);`,
	);

describe('the dashboard heap', {timeout: 60_000}, () => {
	it('is collected before the old generation grows far past what is alive, also after a worker thread starts', () => {
		const without = oldGenerationAfterChurn(false);
		const with_ = oldGenerationAfterChurn(true);
		assert.ok(without >= 60, `without it V8 lets it grow (else this test proves nothing): ${without} MB`);
		assert.ok(with_ <= 45, `${with_} MB`);
	});
});
