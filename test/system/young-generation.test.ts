import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {tempDir} from '../helpers/temp-dir.js';

const MODULE = fileURLToPath(new URL('../../dist/young-generation.js', import.meta.url));

/** In a fresh process: optionally load the module, start a worker thread, make garbage; the young generation's size in MB. */
function youngGenerationAfterChurn(load: boolean): number {
	const script = path.join(tempDir(), 'churn.mjs');
	writeFileSync(
		script,
		`import v8 from 'node:v8';
import {Worker} from 'node:worker_threads';
${load ? `await import(${JSON.stringify(MODULE)});` : ''}
const worker = new Worker('setTimeout(() => {}, 60000)', {eval: true});
await new Promise(resolve => worker.once('online', resolve));
await new Promise(resolve => setImmediate(resolve));
let kept = [];
for (let i = 0; i < 2e6; i++) {
	kept.push({i, text: 'x' + i});
	if (kept.length > 50000) kept = [];
}
const size = v8.getHeapSpaceStatistics().find(space => space.space_name === 'new_space').space_size;
console.log(size / 1024 / 1024);
await worker.terminate();
`,
	);
	return Number(execFileSync(process.execPath, [script], {encoding: 'utf8'}).trim());
}

describe('young generation', {timeout: 30_000}, () => {
	it('stays as it was when the dashboard loaded, also after a worker thread starts', () => {
		assert.ok(youngGenerationAfterChurn(false) >= 16, 'without it V8 grows it (else this test proves nothing)');
		assert.ok(youngGenerationAfterChurn(true) <= 4);
	});
});
