import {PreviewRenderer} from './preview-renderer.js';

export type PreviewState = {state: 'ready'; text: string} | {state: 'loading'} | {state: 'failed'; reason: string};

const KEPT = 48;

/** Makes the preview text of an image file, `width` x `height` cells at most. */
export type RenderPreview = (file: string, width: number, height: number) => Promise<string>;

/**
 * Rendered previews, made once per image and size, off the render path (in
 * a worker thread, see preview-worker.ts): a render only reads this cache; a
 * miss starts the work (one image at a time) and subscribers hear when it is done.
 */
export class PreviewCache {
	private readonly entries = new Map<string, PreviewState>();
	private readonly listeners = new Set<() => void>();
	private queue: Promise<void> = Promise.resolve();
	version = 0;

	constructor(private readonly render: RenderPreview = new PreviewRenderer().render) {}

	get(file: string, width: number, height: number): PreviewState {
		const key = `${width}x${height}:${file}`;
		const cached = this.entries.get(key);
		if (cached) return cached;
		const loading: PreviewState = {state: 'loading'};
		this.remember(key, loading);
		this.queue = this.queue.then(async () => {
			let result: PreviewState;
			try {
				result = {state: 'ready', text: await this.render(file, width, height)};
			} catch (error) {
				result = {state: 'failed', reason: (error as Error).message.split('\n')[0] ?? 'cannot decode'};
			}

			this.remember(key, result);
			this.version++;
			for (const listener of this.listeners) listener();
		});
		return loading;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	private remember(key: string, state: PreviewState): void {
		this.entries.delete(key);
		this.entries.set(key, state);
		if (this.entries.size > KEPT) this.entries.delete(this.entries.keys().next().value!);
	}
}
