import {TEXT_CELL_MODES, type TextCellMode} from '../../graphics/cells/glyphs.js';
import {KittyImageIds} from '../../graphics/kitty/image-ids.js';
import {kittyDelete} from '../../graphics/kitty/transmit.js';
import {isPixelProtocol} from '../../graphics/pixel-protocol.js';
import type {PixelProtocol, PixelTerminal} from '../../graphics/pixel-picture.js';
import {tmuxPassthrough} from '../../terminal/tmux-passthrough.js';
import {PreviewRenderer, type PreviewMode, type RenderedPicture} from './preview-renderer.js';

/** A sixel or iTerm2 picture, drawn over blank cells after the frame (see ScreenOutput.setOverlay). */
export interface OverlayData {
	data: string;
	columns: number;
	rows: number;
}

/** `partial`: an incomplete JPEG drawn partly, e.g. `62% decoded`. */
export type PreviewState = {state: 'ready'; text: string; overlay?: OverlayData; partial?: string} | {state: 'loading'} | {state: 'failed'; reason: string};

/** Where a preview is shown: sixel and iTerm2 pictures only in the zoom view (text redraws erase them; panels redraw often). */
export type PreviewPlace = 'panel' | 'zoom';

const KEPT = 48;

const entryKey = (mode: PreviewMode, width: number, height: number, file: string) => `${mode}:${width}x${height}:${file}`;

/** Makes the preview of an image file, `width` x `height` cells at most, drawn with `mode`. */
export type RenderPreview = (file: string, width: number, height: number, mode: PreviewMode, pixels?: PixelTerminal & {imageId: number}) => Promise<string | RenderedPicture>;

/** Pixel graphics the terminal draws (found by asking it, or asked for with --previews). */
export interface PixelSetup {
	protocol: PixelProtocol;
	terminal: PixelTerminal;
	/** Writes to the terminal outside any frame (kitty transmissions and deletions). */
	send: (data: string) => void;
}

/**
 * Rendered previews, made once per image, size and mode, off the render path (in
 * a worker thread, see preview-worker.ts): a render only reads this cache; a
 * miss starts the work (one image at a time) and subscribers hear when it is done.
 * Every preview is drawn with the cache's current mode: text cells, or pixel
 * graphics once the terminal is known to draw them (`setPixels`). A kitty
 * picture is sent to the terminal once, when made, and deleted from it when
 * it leaves the cache.
 */
export class PreviewCache {
	private readonly entries = new Map<string, PreviewState>();
	private readonly kittyImages = new Map<string, number>();
	private readonly ids = new KittyImageIds(Math.random());
	private readonly listeners = new Set<() => void>();
	private queue: Promise<void> = Promise.resolve();
	private pixels?: PixelSetup;
	/** The size panels were last drawn at: a new image's preview is made at it before a panel asks (`prepare`); 0 while previews are off. */
	private panelWidth = 0;
	private panelHeight = 0;
	/** Previews on screen now (panels, the zoom view): see `showing`. */
	private onScreen = 0;

	constructor(
		private readonly render: RenderPreview = new PreviewRenderer().renderPicture,
		private currentMode: PreviewMode = 'half',
		/** Drawn where the current mode cannot draw (no pixel graphics, or a panel under sixel / iTerm2). */
		private textMode: TextCellMode = isPixelProtocol(currentMode) ? 'half' : currentMode,
	) {}

	get mode(): PreviewMode {
		return this.currentMode;
	}

	/** The pixel graphics the terminal draws, if any. */
	get pixelProtocol(): PixelProtocol | undefined {
		return this.pixels?.protocol;
	}

	/** Draws from now on with `mode`: subscribers render again (what is cached for the other modes stays). */
	setMode(mode: PreviewMode): void {
		if (mode === this.currentMode) return;
		this.currentMode = mode;
		if (!isPixelProtocol(mode)) this.textMode = mode;
		this.changed();
	}

	/** Why the terminal has pixel graphics or not (the help screen says it). */
	pixelNote = '';

	/** The terminal's pixel graphics (when its answers came), or none, and why. */
	setPixels(pixels: PixelSetup | undefined, note = ''): void {
		this.releaseKittyImages();
		this.pixels = pixels;
		this.pixelNote = note;
		this.changed();
	}

	/** What `get` would give now, without starting any work: the same object until this preview changes. */
	peek(file: string, width: number, height: number, place: PreviewPlace = 'panel'): PreviewState | undefined {
		const cached = this.entries.get(entryKey(this.modeFor(place), width, height, file));
		if (cached?.state === 'loading' || !cached) return this.inAnotherMode(file, width, height) ?? cached;
		return cached;
	}

	get(file: string, width: number, height: number, place: PreviewPlace = 'panel'): PreviewState {
		const mode = this.modeFor(place);
		const key = entryKey(mode, width, height, file);
		if (place === 'panel') {
			this.panelWidth = width;
			this.panelHeight = height;
		}

		const cached = this.entries.get(key);
		if (cached) return cached.state === 'loading' ? (this.inAnotherMode(file, width, height) ?? cached) : cached;
		const loading: PreviewState = {state: 'loading'};
		this.remember(key, loading);
		const pixels = this.pixels;
		const imageId = mode === 'kitty' ? this.ids.next() : 0;
		this.queue = this.queue.then(async () => {
			let result: PreviewState;
			try {
				const answer = await this.render(file, width, height, mode, isPixelProtocol(mode) && pixels ? {...pixels.terminal, imageId} : undefined);
				const picture = typeof answer === 'string' ? {text: answer} : answer;
				result = {state: 'ready', text: picture.text};
				if (picture.partial !== undefined) result.partial = picture.partial;
				if (picture.overlay !== undefined) result.overlay = {data: picture.overlay, columns: picture.columns ?? 0, rows: picture.rows ?? 0};
				if (picture.transmit !== undefined && pixels && pixels === this.pixels && this.entries.get(key) === loading) {
					pixels.send(picture.transmit);
					this.kittyImages.set(key, imageId);
				}
			} catch (error) {
				result = {state: 'failed', reason: (error as Error).message.split('\n')[0] ?? 'cannot decode'};
			}

			// Not when it left the cache (or the pixel setup changed) meanwhile.
			if (this.entries.get(key) !== loading) return;
			this.remember(key, result);
			this.changed();
		});
		return this.inAnotherMode(file, width, height) ?? loading;
	}

	/**
	 * Starts making a new image's panel preview now, at the size panels were
	 * last drawn, and resolves once it is made (at once when no panel was drawn
	 * yet): the panel can then switch to it without "decoding…" in between.
	 */
	async prepare(file: string): Promise<void> {
		if (this.panelWidth === 0) return;
		const key = entryKey(this.modeFor('panel'), this.panelWidth, this.panelHeight, file);
		this.get(file, this.panelWidth, this.panelHeight, 'panel');
		// Requests are made one after another: once the queue as it is now is done, so is this one.
		if (this.entries.get(key)?.state === 'loading') await this.queue;
	}

	/**
	 * A preview is on screen until the function returned is called (usePreview,
	 * while mounted). When none is left, previews were switched off (`p`): new
	 * images are no longer made ready for panels that are not drawn. Opening
	 * the zoom view also takes the panels away, but its own preview comes in the
	 * same commit, before the check (a microtask later): the panels' previews
	 * go on being made for the return to them.
	 */
	showing(): () => void {
		this.onScreen++;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.onScreen--;
			queueMicrotask(() => {
				if (this.onScreen > 0) return;
				this.panelWidth = 0;
				this.panelHeight = 0;
			});
		};
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Deletes every kitty picture from the terminal's memory (at exit). */
	releaseKittyImages(): void {
		for (const key of [...this.kittyImages.keys()]) {
			this.forgetKittyImage(key);
			this.entries.delete(key);
		}
	}

	private modeFor(place: PreviewPlace): PreviewMode {
		const mode = this.currentMode;
		if (!isPixelProtocol(mode)) return mode;
		if (this.pixels?.protocol !== mode || (mode !== 'kitty' && place === 'panel')) return this.textMode;
		return mode;
	}

	/** While a picture is drawn in a new mode (`P`), it stays as it was rather than blinking "decoding…". */
	private inAnotherMode(file: string, width: number, height: number): PreviewState | undefined {
		for (const mode of TEXT_CELL_MODES) {
			const drawn = this.entries.get(entryKey(mode, width, height, file));
			if (drawn?.state === 'ready') return drawn;
		}

		return undefined;
	}

	private changed(): void {
		for (const listener of this.listeners) listener();
	}

	private remember(key: string, state: PreviewState): void {
		this.entries.delete(key);
		this.entries.set(key, state);
		if (this.entries.size <= KEPT) return;
		const oldest = this.entries.keys().next().value!;
		this.entries.delete(oldest);
		this.forgetKittyImage(oldest);
	}

	private forgetKittyImage(key: string): void {
		const id = this.kittyImages.get(key);
		if (id === undefined) return;
		this.kittyImages.delete(key);
		const command = kittyDelete(id);
		this.pixels?.send(this.pixels.terminal.tmux ? tmuxPassthrough(command) : command);
	}
}
