import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {tempDir} from './temp-dir.js';

/**
 * Writes an ES module that runs `body` (with `v8` imported) after optionally
 * importing `module` (a V8-tuning module of ours) and starting a worker
 * thread (on Node 20 a worker starting up can undo V8 flags set at run
 * time): its path, for a fresh Node process to run.
 */
export function scriptAfterWorker(module: string | undefined, body: string): string {
	const script = path.join(tempDir(), 'after-worker.mjs');
	writeFileSync(
		script,
		`import v8 from 'node:v8';
import {Worker} from 'node:worker_threads';
${module ? `await import(${JSON.stringify(module)});` : ''}
const worker = new Worker('setTimeout(() => {}, 60000)', {eval: true});
await new Promise(resolve => worker.once('online', resolve));
await new Promise(resolve => setImmediate(resolve));
${body}
await worker.terminate();
`,
	);
	return script;
}

/** Runs `churn` in a fresh Node process as scriptAfterWorker sets it up: the number it prints. */
export function afterChurn(module: string | undefined, churn: string): number {
	return Number(execFileSync(process.execPath, [scriptAfterWorker(module, churn)], {encoding: 'utf8'}).trim());
}
