import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What `npm pack` would put in the tarball, from the dist/ that `npm test` has just built. */
async function packedFiles(): Promise<string[]> {
	// --ignore-scripts: no rebuild of dist/ under the feet of the other tests (prepack cleans and builds for real packs).
	const {stdout} = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root});
	const [pack] = JSON.parse(stdout) as {files: {path: string}[]}[];
	return pack!.files.map(file => file.path);
}

describe('the npm package', () => {
	it('ships the program and its docs, no benchmark code, no source map without its source', async () => {
		const files = await packedFiles();
		const shipped = new Set(files);
		const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {bin: Record<string, string>; scripts: Record<string, string>};
		assert.deepEqual(
			files.filter(file => /(^|\/)bench\//.test(file)),
			[],
			'no benchmark code',
		);
		for (const map of files.filter(file => file.endsWith('.map'))) {
			const {sources} = JSON.parse(readFileSync(path.join(root, map), 'utf8')) as {sources: string[]};
			for (const source of sources) {
				assert.ok(shipped.has(path.posix.join(path.posix.dirname(map), source)), `${map} points at ${source}, which is not shipped`);
			}
		}

		assert.ok(shipped.has(manifest.bin['esp-cam-monitor']!.replace(/^\.\//, '')), 'the bin is shipped');
		assert.ok(shipped.has('docs/protocol.md'), 'the protocol description the readme links to');
		assert.ok(shipped.has('patches/ink+6.8.0.patch') && (manifest.scripts.postinstall ?? '').includes('patch-package'), "the patch for Ink's text caches, applied at install");
		assert.match(manifest.scripts.prepack ?? '', /\btsc\b/, 'a fresh clone builds dist/ when packed');
	});

	it('every module the shipped code loads is shipped too', async () => {
		const shipped = new Set(await packedFiles());
		for (const file of [...shipped].filter(name => name.endsWith('.js'))) {
			assert.ok(existsSync(path.join(root, file)), file);
			const code = readFileSync(path.join(root, file), 'utf8');
			const relative = [...code.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)'/g)].map(match => path.posix.join(path.posix.dirname(file), match[1]!));
			const workers = [...code.matchAll(/compiledWorkerUrl\('([^']+)'\)/g)].map(match => path.posix.join('dist', match[1]!));
			for (const needed of [...relative, ...workers]) assert.ok(shipped.has(needed), `${file} loads ${needed}, which is not shipped`);
		}
	});
});
