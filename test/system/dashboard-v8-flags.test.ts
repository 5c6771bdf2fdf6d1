import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {closeSync, openSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {afterChurn, scriptAfterWorker} from '../helpers/heap-churn.js';
import {tempDir} from '../helpers/temp-dir.js';

const MODULE = fileURLToPath(new URL('../../dist/runtime/dashboard-v8-flags.js', import.meta.url));

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

/** Twelve functions of 86 bytes of bytecode each. */
const CALLEES = Array.from(
	{length: 12},
	(_, i) => `function f${i}(a, b) {
	let s = a;
	for (let k = 0; k < b; k++) {
		s = (s * 31 + k + ${i}) % 1000003;
		if (s & 1) s += a * ${i};
		else s -= b;
	}
	return s + a * b - ${i};
}`,
).join('\n');

/**
 * How many of twelve 86-byte functions the optimizing compiler inlines into
 * their caller (V8's own trace), after optionally importing the module and
 * starting a worker thread.
 */
function functionsInlined(load: boolean): number {
	const script = scriptAfterWorker(
		load ? MODULE : undefined,
		`${CALLEES}
function caller(x) {
	return ${Array.from({length: 12}, (_, i) => `f${i}(x, 3)`).join(' + ')};
}
%PrepareFunctionForOptimization(caller);
for (let i = 0; i < 100; i++) caller(i);
%OptimizeFunctionOnNextCall(caller);
caller(5);`,
	);
	// V8 prints its trace with C's stdio, which loses what a pipe cannot take at once: into a file.
	const traceFile = path.join(tempDir(), 'inlining.txt');
	const trace = openSync(traceFile, 'w');
	try {
		execFileSync(process.execPath, ['--allow-natives-syntax', '--trace-turbo-inlining', script], {stdio: ['ignore', trace, 'inherit']});
	} finally {
		closeSync(trace);
	}

	return readFileSync(traceFile, 'utf8')
		.split('\n')
		.filter(line => line.startsWith('Inlining ')).length;
}

describe('the dashboard V8 flags', {timeout: 60_000}, () => {
	it('collect the heap before the old generation grows far past what is alive, also after a worker thread starts', () => {
		const without = oldGenerationAfterChurn(false);
		const with_ = oldGenerationAfterChurn(true);
		assert.ok(without >= 60, `without it V8 lets it grow (else this test proves nothing): ${without} MB`);
		assert.ok(with_ <= 45, `${with_} MB`);
	});

	it('let the optimizing compiler inline less, also after a worker thread starts', () => {
		const without = functionsInlined(false);
		const with_ = functionsInlined(true);
		assert.ok(without >= 8, `without it V8 inlines most of them (else this test proves nothing): ${without}`);
		assert.ok(with_ <= 3, `${with_} inlined`);
	});
});
