import v8 from 'node:v8';

/**
 * Image bytes sent to a worker thread are copied into that thread's V8
 * isolate, outside its heap. V8 frees such memory only at a garbage
 * collection, which a small heap rarely needs: each worker then kept up to
 * ~60 MB of images it was done with. Workers that handle image bytes
 * therefore collect after every few megabytes (a few milliseconds each).
 * The flag only makes `gc` callable; it must be set before the worker starts.
 */
export function letWorkersCollect(): void {
	v8.setFlagsFromString('--expose-gc');
}

/** Inside a worker: counts the image bytes handled and collects after every `bytesBetween`. */
export class CollectEvery {
	private handled = 0;

	constructor(private readonly bytesBetween = 8 * 1024 * 1024) {}

	handledBytes(count: number): void {
		this.handled += count;
		if (this.handled < this.bytesBetween) return;
		this.handled = 0;
		(globalThis as {gc?: () => void}).gc?.();
	}
}
