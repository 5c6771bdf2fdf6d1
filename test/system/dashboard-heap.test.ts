import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {tempDir} from '../helpers/temp-dir.js';

const MODULE = fileURLToPath(new URL('../../dist/dashboard-heap.js', import.meta.url));

/**
 * In a fresh process: optionally load the module, start a worker thread, then
 * make garbage that lives long enough to be promoted; the old generation's
 * largest size meanwhile, in MB.
 */
function oldGenerationAfterChurn(load: boolean): number {
	const script = path.join(tempDir(), 'churn.mjs');
	writeFileSync(
		script,
		`import v8 from 'node:v8';
import {Worker} from 'node:worker_threads';
${load ? `await import(${JSON.stringify(MODULE)});` : ''}
const worker = new Worker('setTimeout(() => {}, 60000)', {eval: true});
await new Promise(resolve => worker.once('online', resolve));
await new Promise(resolve => setImmediate(resolve));
const oldSpace = () => v8.getHeapSpaceStatistics().find(space => space.space_name === 'old_space').space_size;
const window = new Array(200000);
let largest = 0;
for (let i = 0; i < 6e6; i++) {
	window[i % window.length] = {i, text: 'x' + i};
	if (i % 100000 === 0) largest = Math.max(largest, oldSpace());
}
console.log(largest / 1024 / 1024);
await worker.terminate();
`,
	);
	return Number(execFileSync(process.execPath, [script], {encoding: 'utf8'}).trim());
}

describe('the dashboard heap', {timeout: 60_000}, () => {
	it('is collected before the old generation grows far past what is alive, also after a worker thread starts', () => {
		const without = oldGenerationAfterChurn(false);
		const with_ = oldGenerationAfterChurn(true);
		assert.ok(without >= 60, `without it V8 lets it grow (else this test proves nothing): ${without} MB`);
		assert.ok(with_ <= 45, `${with_} MB`);
	});
});
