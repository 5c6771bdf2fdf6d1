import {TEXT_CELL_MODES, type TextCellMode} from '../../graphics/cells/glyphs.js';
import {PreviewRenderer} from './preview-renderer.js';

/** `partial`: an incomplete JPEG drawn partly, e.g. `62% decoded`. */
export type PreviewState = {state: 'ready'; text: string; partial?: string} | {state: 'loading'} | {state: 'failed'; reason: string};
export interface RenderedPreview {
	text: string;
	partial?: string;
}

const KEPT = 48;

/** Makes the preview text of an image file, `width` x `height` cells at most, drawn with `mode`'s cells. */
export type RenderPreview = (file: string, width: number, height: number, mode: TextCellMode) => Promise<string | RenderedPreview>;

/**
 * Rendered previews, made once per image, size and mode, off the render path (in
 * a worker thread, see preview-worker.ts): a render only reads this cache; a
 * miss starts the work (one image at a time) and subscribers hear when it is done.
 * Every preview is drawn with the cache's current text cells (`mode`).
 */
export class PreviewCache {
	private readonly entries = new Map<string, PreviewState>();
	private readonly listeners = new Set<() => void>();
	private queue: Promise<void> = Promise.resolve();
	version = 0;

	constructor(
		private readonly render: RenderPreview = new PreviewRenderer().renderPicture,
		private currentMode: TextCellMode = 'half',
	) {}

	get mode(): TextCellMode {
		return this.currentMode;
	}

	/** Draws from now on with `mode`: subscribers render again (what is cached for the other modes stays). */
	setMode(mode: TextCellMode): void {
		if (mode === this.currentMode) return;
		this.currentMode = mode;
		this.changed();
	}

	get(file: string, width: number, height: number): PreviewState {
		const mode = this.currentMode;
		const key = `${mode}:${width}x${height}:${file}`;
		const cached = this.entries.get(key);
		if (cached) return cached.state === 'loading' ? this.inAnotherMode(file, width, height) ?? cached : cached;
		const loading: PreviewState = {state: 'loading'};
		this.remember(key, loading);
		this.queue = this.queue.then(async () => {
			let result: PreviewState;
			try {
				const rendered = await this.render(file, width, height, mode);
				result = typeof rendered === 'string' ? {state: 'ready', text: rendered} : {state: 'ready', ...rendered};
			} catch (error) {
				result = {state: 'failed', reason: (error as Error).message.split('\n')[0] ?? 'cannot decode'};
			}

			this.remember(key, result);
			this.changed();
		});
		return this.inAnotherMode(file, width, height) ?? loading;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** While a picture is drawn in a new mode (`P`), it stays as it was rather than blinking "decoding…". */
	private inAnotherMode(file: string, width: number, height: number): PreviewState | undefined {
		for (const mode of TEXT_CELL_MODES) {
			const drawn = this.entries.get(`${mode}:${width}x${height}:${file}`);
			if (drawn?.state === 'ready') return drawn;
		}

		return undefined;
	}

	private changed(): void {
		this.version++;
		for (const listener of this.listeners) listener();
	}

	private remember(key: string, state: PreviewState): void {
		this.entries.delete(key);
		this.entries.set(key, state);
		if (this.entries.size > KEPT) this.entries.delete(this.entries.keys().next().value!);
	}
}
