/**
 * Every camera's images, this run's and earlier runs', read from the output
 * folder by their names and kept up to date from this run's image events.
 *
 * The folder may hold hundreds of thousands of images (a Pi left running for
 * months): it is listed asynchronously (opendir, a few hundred names per
 * read), in batches with a turn of the event loop between them, so the
 * screen and the serial port never wait for it.
 */
import {opendir} from 'node:fs/promises';
import path from 'node:path';
import {setImmediate as nextTurn} from 'node:timers/promises';
import type {SessionEvent} from '../../session/session-events.js';
import type {MacNumber} from '../../core/protocol/mac.js';
import {
	CameraTimeline,
	CODE_UNVERIFIED,
	CODE_UNVERIFIED_APART,
	CODE_VERIFIED,
	compareEntries,
	folderOfCode,
	reasonOfCode,
	timelineEntry,
	type TimelineEntry,
} from './camera-timeline.js';
import {FileSizes} from './file-sizes.js';
import {imageFileName, parseImageName, subfolderOf, UNVERIFIED_FOLDER, type ImageFolder, type NamedReason} from '../../io/store/output-layout.js';

/** `good`: in the output folder from an earlier run, verified or unverified (its name does not say which). */
export type HistoryOutcome = 'verified' | 'unverified' | 'good' | 'incomplete';

export interface HistoryEntry {
	/** Epoch milliseconds of the local time in the file name. */
	at: number;
	outcome: HistoryOutcome;
	reason?: NamedReason;
	path: string;
}

/**
 * Where a person looking back stands: an image, by its place in the order
 * (not its index, which moves when older images are found).
 */
export type HistoryAnchor = Pick<TimelineEntry, 'time' | 'stamp' | 'code'>;

export type HistoryMove = 'older' | 'newer' | 'oldest' | 'newest';

export interface KnownCamera {
	mac: MacNumber;
	/** Epoch milliseconds of its newest image. */
	lastImageAt: number;
	images: number;
}

export type IndexState = {state: 'idle' | 'listing' | 'done'} | {state: 'failed'; message: string};

/** Names read before the event loop gets a turn. */
const BATCH = 2048;
/** Names the operating system hands over per read. */
const DIRECTORY_BUFFER = 512;

/** Good images first: they are what the zoom view shows most. */
const FOLDERS: readonly ImageFolder[] = ['good', 'unverified', 'incomplete'];

export class ImageHistory {
	private readonly cameras = new Map<MacNumber, CameraTimeline>();
	private readonly listeners = new Set<() => void>();
	private indexState: IndexState = {state: 'idle'};
	private stopped = false;
	/** Images forget() was told of while the listing runs, by camera, sorted. */
	private readonly removedWhileListing = new Map<MacNumber, TimelineEntry[]>();
	/** Bumped at every change: for useSyncExternalStore and whoever polls. */
	version = 0;
	/** Names in the folders that are not images of ours (ignored). */
	otherNames = 0;
	/** Sizes of the images shown, read one at a time. */
	readonly sizes = new FileSizes();

	constructor(private readonly outDir: string) {}

	get state(): IndexState {
		return this.indexState;
	}

	/** A Session listener: adds this run's images as they are written. */
	readonly listener = (event: SessionEvent): void => {
		if (event.kind !== 'image' || event.path === undefined) return;
		const folder: ImageFolder = event.outcome === 'incomplete' ? 'incomplete' : path.dirname(event.path) === path.join(this.outDir, UNVERIFIED_FOLDER) ? 'unverified' : 'good';
		const parsed = parseImageName(path.basename(event.path), folder);
		if (parsed?.mac !== event.mac) return;
		this.timeline(parsed.mac).insert(timelineEntry(parsed, folder, event.outcome === 'incomplete' ? undefined : event.outcome));
		this.changed();
	};

	/**
	 * Images removed from the folder (by retention): they leave the history.
	 * While the folder is being listed they are also remembered, so that the
	 * listing does not bring back one it read before it was removed.
	 */
	forget(images: readonly {folder: ImageFolder; name: string}[]): void {
		const listing = this.indexState.state === 'listing';
		const byCamera = listing ? this.removedWhileListing : new Map<MacNumber, TimelineEntry[]>();
		const touched = new Set<MacNumber>();
		for (const {folder, name} of images) {
			const parsed = parseImageName(name, folder);
			if (!parsed) continue;
			entriesOf(byCamera, parsed.mac).push(timelineEntry(parsed, folder));
			touched.add(parsed.mac);
		}

		for (const mac of touched) this.cameras.get(mac)?.removeSorted(byCamera.get(mac)!.sort(compareEntries));
		if (touched.size > 0) this.changed();
	}

	/** Lists the output folder and its `unverified/` and `incomplete/`; resolves when done (never rejects). */
	async index(): Promise<void> {
		if (this.indexState.state !== 'idle') return;
		this.indexState = {state: 'listing'};
		let problem: string | undefined;
		for (const folder of FOLDERS) {
			if (this.stopped) break;
			try {
				await this.indexFolder(path.join(this.outDir, subfolderOf(folder)), folder);
			} catch (error) {
				// One unreadable folder (permissions, a failing disk) leaves the others' images.
				problem ??= (error as Error).message;
			}
		}

		this.removedWhileListing.clear();
		this.indexState = problem === undefined ? {state: 'done'} : {state: 'failed', message: problem};
		this.changed();
	}

	/** Stops a listing under way (at its next batch). */
	stop(): void {
		this.stopped = true;
	}

	count(mac: MacNumber): number {
		return this.cameras.get(mac)?.length ?? 0;
	}

	/** The camera's image at `index` (0 = oldest). */
	entry(mac: MacNumber, index: number): HistoryEntry | undefined {
		const stored = this.cameras.get(mac)?.entry(index);
		return stored && this.describe(mac, stored);
	}

	/** The index the anchor stands at; the newest image when there is no anchor; -1 when there are no images. */
	indexOf(mac: MacNumber, anchor: HistoryAnchor | undefined): number {
		const timeline = this.cameras.get(mac);
		if (!timeline || timeline.length === 0) return -1;
		if (!anchor) return timeline.length - 1;
		return Math.min(timeline.lowerBound({...anchor, micros: 0}), timeline.length - 1);
	}

	/**
	 * Where `move` takes a person standing at `anchor` (undefined: following
	 * the newest image). Reaching the newest image follows it again.
	 */
	step(mac: MacNumber, anchor: HistoryAnchor | undefined, move: HistoryMove): HistoryAnchor | undefined {
		const timeline = this.cameras.get(mac);
		if (!timeline || timeline.length === 0 || move === 'newest') return undefined;
		const here = this.indexOf(mac, anchor);
		const there = move === 'oldest' ? 0 : move === 'older' ? Math.max(0, here - 1) : here + 1;
		if (there >= timeline.length - 1) return undefined;
		const {time, stamp, code} = timeline.entry(there)!;
		return {time, stamp, code};
	}

	/**
	 * Every camera with a good image, with its newest image's time: known
	 * cameras, also from earlier runs. Cameras with only incomplete images are
	 * left out: a flood of phantom MACs leaves thousands of those.
	 */
	knownCameras(): {mac: MacNumber; lastImageAt: number; images: number}[] {
		const known: KnownCamera[] = [];
		for (const [mac, timeline] of this.cameras) {
			const newest = timeline.newestTime;
			if (newest !== undefined && timeline.hasGoodImage()) known.push({mac, lastImageAt: newest / 1000, images: timeline.length});
		}

		return known.sort((a, b) => a.mac - b.mac);
	}

	/** Epoch milliseconds of every image of the camera (incomplete ones too: each is a wake), oldest first. */
	imageTimes(mac: MacNumber): Float64Array {
		return this.cameras.get(mac)?.timesMs() ?? new Float64Array(0);
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	private async indexFolder(folder: string, kind: ImageFolder): Promise<void> {
		let directory;
		try {
			directory = await opendir(folder, {bufferSize: DIRECTORY_BUFFER});
		} catch (error) {
			// No such folder yet (no incomplete image ever, `--unverified together`): nothing to list.
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
			throw error;
		}

		let batch: {mac: MacNumber; entry: TimelineEntry}[] = [];
		// Breaking out of the loop closes the directory.
		for await (const found of directory) {
			if (this.stopped) break;
			if (found.isDirectory()) continue;
			const parsed = parseImageName(found.name, kind);
			if (parsed) {
				batch.push({mac: parsed.mac, entry: timelineEntry(parsed, kind)});
			} else {
				this.otherNames++;
			}

			if (batch.length >= BATCH) {
				this.addBatch(batch);
				batch = [];
				await nextTurn();
			}
		}

		this.addBatch(batch);
	}

	private addBatch(batch: {mac: MacNumber; entry: TimelineEntry}[]): void {
		if (batch.length === 0) return;
		const byCamera = new Map<MacNumber, TimelineEntry[]>();
		for (const {mac, entry} of batch) entriesOf(byCamera, mac).push(entry);
		for (const [mac, entries] of byCamera) {
			const timeline = this.timeline(mac);
			timeline.insertSorted(entries.sort(compareEntries));
			// Read before retention removed it (in this batch, or handed out by the directory stream since).
			const removed = this.removedWhileListing.get(mac);
			if (removed) timeline.removeSorted(removed);
		}

		this.changed();
	}

	private timeline(mac: MacNumber): CameraTimeline {
		let timeline = this.cameras.get(mac);
		if (!timeline) this.cameras.set(mac, (timeline = new CameraTimeline()));
		return timeline;
	}

	private describe(mac: MacNumber, {time, stamp, micros, code}: TimelineEntry): HistoryEntry {
		const folder = folderOfCode(code);
		const reason = reasonOfCode(code);
		const outcome: HistoryOutcome =
			folder === 'incomplete' ? 'incomplete' : code === CODE_VERIFIED ? 'verified' : code === CODE_UNVERIFIED || code === CODE_UNVERIFIED_APART ? 'unverified' : 'good';
		return {at: time / 1000, outcome, reason, path: path.join(this.outDir, subfolderOf(folder), imageFileName(mac, stamp, micros, reason))};
	}

	private changed(): void {
		this.version++;
		for (const listener of this.listeners) listener();
	}
}

function entriesOf(byCamera: Map<MacNumber, TimelineEntry[]>, mac: MacNumber): TimelineEntry[] {
	let entries = byCamera.get(mac);
	if (!entries) byCamera.set(mac, (entries = []));
	return entries;
}
