import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {tempDir} from './temp-dir.js';

/**
 * Runs `churn` (the body of an ES module, with `v8` imported) in a fresh Node
 * process, after optionally importing `module` (a heap-tuning module of ours)
 * and starting a worker thread (on Node 20 a worker starting up can undo V8
 * flags set at run time): the number the script prints.
 */
export function afterChurn(module: string | undefined, churn: string): number {
	const script = path.join(tempDir(), 'churn.mjs');
	writeFileSync(
		script,
		`import v8 from 'node:v8';
import {Worker} from 'node:worker_threads';
${module ? `await import(${JSON.stringify(module)});` : ''}
const worker = new Worker('setTimeout(() => {}, 60000)', {eval: true});
await new Promise(resolve => worker.once('online', resolve));
await new Promise(resolve => setImmediate(resolve));
${churn}
await worker.terminate();
`,
	);
	return Number(execFileSync(process.execPath, [script], {encoding: 'utf8'}).trim());
}
