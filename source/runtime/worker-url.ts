/**
 * The URL of a worker module, always the compiled one in dist/: tests import
 * source/ through tsx, whose loader Node 20 does not hand to worker threads
 * (`npm test` builds first). `modulePath` is relative to source/ (or dist/).
 */
export function compiledWorkerUrl(modulePath: string): URL {
	return new URL(`${import.meta.url.endsWith('.ts') ? '../../dist/' : '../'}${modulePath}`, import.meta.url);
}
