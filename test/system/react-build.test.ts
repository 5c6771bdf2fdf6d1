import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {tempDir} from '../helpers/temp-dir.js';

const DASHBOARD = fileURLToPath(new URL('../../dist/dashboard/run-dashboard.js', import.meta.url));

/**
 * The builds of React and of its reconciler that a fresh process runs once it
 * has loaded the dashboard. (Node also reads the other build's source to find
 * its exports, without running it: only modules that ran count.)
 */
function buildsRun(nodeEnv: string | undefined): string[] {
	const script = path.join(tempDir(), 'which-react.mjs');
	writeFileSync(
		script,
		`import {createRequire} from 'node:module';
await import(${JSON.stringify(DASHBOARD)});
const ran = Object.entries(createRequire(import.meta.url).cache)
	.filter(([file, module]) => module.loaded && /[\\\\/](react|react-reconciler)\\.(production|development)\\.js$/.test(file))
	.map(([file]) => file.split(/[\\\\/]/).pop());
console.log(JSON.stringify(ran.sort()));
`,
	);
	const env = {...process.env};
	delete env.NODE_ENV;
	if (nodeEnv !== undefined) env.NODE_ENV = nodeEnv;
	return JSON.parse(execFileSync(process.execPath, [script], {encoding: 'utf8', env})) as string[];
}

describe("the dashboard's React", {timeout: 30_000}, () => {
	// The development build records a performance measure per render, which Node keeps: ~12 MB more heap a minute.
	it('is the production build when NODE_ENV is not set', () => {
		assert.deepEqual(buildsRun(undefined), ['react-reconciler.production.js', 'react.production.js']);
	});

	it('follows a NODE_ENV the user set', () => {
		assert.deepEqual(buildsRun('development'), ['react-reconciler.development.js', 'react.development.js']);
	});
});
