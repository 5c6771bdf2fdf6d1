import {Worker} from 'node:worker_threads';
import chalk from 'chalk';
import {letWorkersCollect} from '../../runtime/worker-memory.js';
import {compiledWorkerUrl} from '../../runtime/worker-url.js';
import type {ColourLevel} from '../../graphics/cells/colour.js';
import type {TextCellMode} from '../../graphics/cells/glyphs.js';
import type {PreviewAnswer, PreviewRequest, PreviewWorkerData} from './preview-worker.js';
import type {PixelPicture, PixelProtocol} from '../../graphics/pixel-picture.js';

/** Text cells, or a picture in pixels. */
export type PreviewMode = TextCellMode | PixelProtocol;

/** What a preview draws: text cells (only `text`), or a picture in pixels. */
/** `partial`: an incomplete JPEG drawn partly (e.g. `62% decoded`). */
export type RenderedPicture = {text: string; partial?: string} & Partial<Omit<PixelPicture, 'text'>>;

const WORKER_URL = compiledWorkerUrl('dashboard/preview/preview-worker.js');

/**
 * A preview worker's whole job fits in a few megabytes of heap; without
 * limits V8 lets a busy thread's young generation grow to 32 MB.
 */
const WORKER_LIMITS = {maxYoungGenerationSizeMb: 3, maxOldGenerationSizeMb: 24};

/**
 * Renders image files as terminal text in a worker thread, started on first
 * use. The worker's stdout is no terminal, so it is told the colour level
 * the main thread's chalk found.
 */
export class PreviewRenderer {
	private worker?: Worker;
	private nextId = 1;
	private readonly waiting = new Map<number, {resolve: (answer: RenderedPicture) => void; reject: (error: Error) => void}>();

	constructor(private readonly colourLevel: ColourLevel = Math.max(1, chalk.level) as ColourLevel) {}

	render = async (file: string, width: number, height: number, mode: TextCellMode = 'half'): Promise<string> => {
		return (await this.renderPicture(file, width, height, mode)).text;
	};

	/** Text cells, or with `pixels` a picture in kitty, sixel or iTerm2 graphics. */
	renderPicture = async (file: string, width: number, height: number, mode: PreviewMode, pixels?: PreviewRequest['pixels']): Promise<RenderedPicture> => {
		const worker = this.start();
		const id = this.nextId++;
		return new Promise<RenderedPicture>((resolve, reject) => {
			this.waiting.set(id, {resolve, reject});
			worker.ref();
			worker.postMessage({id, file, width, height, mode, ...(pixels ? {pixels} : {})} satisfies PreviewRequest);
		});
	};

	async close(): Promise<void> {
		const worker = this.worker;
		this.worker = undefined;
		await worker?.terminate();
	}

	private start(): Worker {
		if (this.worker) return this.worker;
		letWorkersCollect();
		const worker = new Worker(WORKER_URL, {workerData: {colourLevel: this.colourLevel} satisfies PreviewWorkerData, resourceLimits: WORKER_LIMITS});
		worker.unref();
		worker.on('message', ({id, text, picture, error, partial}: PreviewAnswer) => {
			const request = this.waiting.get(id);
			this.waiting.delete(id);
			if (this.waiting.size === 0) worker.unref();
			if (text === undefined) request?.reject(new Error(error ?? 'cannot decode'));
			else request?.resolve({text, ...picture, ...(partial === undefined ? {} : {partial})});
		});
		const failAll = (error: Error) => {
			for (const request of this.waiting.values()) request.reject(error);
			this.waiting.clear();
			if (this.worker === worker) this.worker = undefined;
		};

		worker.on('error', failAll);
		worker.on('exit', () => failAll(new Error('preview thread stopped')));
		this.worker = worker;
		return worker;
	}
}
