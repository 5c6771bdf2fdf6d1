import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {afterChurn} from '../helpers/heap-churn.js';

const MODULE = fileURLToPath(new URL('../../dist/runtime/young-generation.js', import.meta.url));

/** The young generation's size (MB) after short-lived garbage. */
const youngGenerationAfterChurn = (load: boolean): number =>
	afterChurn(
		load ? MODULE : undefined,
		`let kept = [];
for (let i = 0; i < 2e6; i++) {
	kept.push({i, text: 'x' + i});
	if (kept.length > 50000) kept = [];
}
console.log(v8.getHeapSpaceStatistics().find(space => space.space_name === 'new_space').space_size / 1024 / 1024);`,
	);

describe('young generation', {timeout: 30_000}, () => {
	it('stays as it was when the dashboard loaded, also after a worker thread starts', () => {
		assert.ok(youngGenerationAfterChurn(false) >= 16, 'without it V8 grows it (else this test proves nothing)');
		assert.ok(youngGenerationAfterChurn(true) <= 4);
	});
});
