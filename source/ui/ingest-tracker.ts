import {isDeepStrictEqual} from 'node:util';
import {systemClock, wallOffset, type Clock} from '../clock.js';
import type {CameraHealth, CameraHealthView} from '../health/camera-health.js';
import {describeEvent, type Tone} from '../headless/describe-event.js';
import type {MonitorSession, SessionSettings} from '../ingest/monitor-session.js';
import type {MonitorEvent, PortState} from '../ingest/monitor-events.js';
import type {MonitorTotals} from '../ingest/monitor.js';
import {describeHolders} from '../ingest/port-holders.js';
import {macToString, parseMac, type MacNumber} from '../protocol/mac.js';
import type {ImageOutcome, IncompleteReason} from '../reassembly/camera-stats.js';
import {RateMeter} from '../reassembly/rate-meter.js';
import type {SinkStatus} from '../ingest/output-status.js';
import {LogBuffer} from './log-view/log-buffer.js';

export interface CameraView {
	mac: MacNumber;
	macText: string;
	name?: string;
	receiving?: {chunks: number; bytes: number};
	lastOutcome?: ImageOutcome;
	lastReason?: IncompleteReason;
	images: Record<ImageOutcome, number>;
	frames: number;
	gaps: number;
	missingFrames: number;
	checksumErrors: number;
	lastImageAt?: number;
	/** Bytes per second over the last 10 s. */
	throughput: number;
	/** Bytes in each of the last seconds, oldest first. */
	history: number[];
	/** Battery percent from the last HASH, when it was a number (it may lie outside 0..100). */
	voltage?: number;
	/** The VOLT field as sent, and whether it was a whole number from 0 to 100. */
	batteryReading?: string;
	batteryInRange?: boolean;
	/** The last good image on disk, for the preview. */
	lastImagePath?: string;
	/** Overdue, last heard, battery trend, loss. */
	health?: CameraHealthView;
}

export interface LogLine {
	id: number;
	at: number;
	tag: string;
	tone: Tone;
	text: string;
	/** The camera the line is about, if any (the full-screen log's filter). */
	camera?: MacNumber;
}

export interface PortView {
	/** `demo` and `replay` when the input is not a serial port. */
	state: PortState | 'demo' | 'replay';
	name: string;
	detail?: string;
	/** Other programs that have the port open: `cat (pid 1234)`. */
	sharedWith?: string;
}

/** The --record file, once it has had a problem: failing now, or written again with bytes missing. */
export interface RecordView {
	state: 'failing' | 'recording';
	/** Received bytes missing from the record file in all. */
	lostBytes: number;
}

/**
 * Its times are wall times (to show as clock times), each moment read on the
 * wall clock as it is set at the snapshot: differences (uptime, `5 s ago`)
 * are monotonic durations, even after the wall clock stepped.
 */
export interface DashboardSnapshot {
	/** When it was made; a snapshot that would differ only in this is not made again (see IngestTracker.snapshot). */
	at: number;
	startedAt: number;
	/** The first relay's port (the only one, mostly). */
	port: PortView;
	/** With several relays, each one's port, in the order given (or found). */
	relays?: PortView[];
	totals: MonitorTotals;
	/** Bytes per second read, over the last 10 s. */
	rate: number;
	outDir: string;
	cameras: CameraView[];
	log: LogLine[];
	record?: RecordView;
	/** Cameras silent for more than 3 of their intervals. */
	overdue?: number;
	/** The outputs (InfluxDB, MQTT, metrics): connected, retrying and why, dropped. */
	sinks?: SinkStatus[];
}

/** A camera's counters that `r` sets back to zero on screen. */
type CameraCounts = Pick<CameraView, 'images' | 'frames' | 'gaps' | 'missingFrames' | 'checksumErrors'>;

/** Totals that are states, not counts: never reset. */
const NOT_COUNTS = new Set<keyof MonitorTotals>(['cameras', 'openImages']);

/** Lines kept for the full-screen log. */
export const LOG_KEPT = 10_000;
/** A MAC in the relay's own text, e.g. `ESP-NOW CB [24:0a:c4:02:8f:12]: Received EOF marker`. */
const MAC_IN_TEXT = /\b[\da-f]{2}(?::[\da-f]{2}){5}\b/i;
const SPARKLINE_SECONDS = 10;
/** Changes of the wall clock's offset smaller than this are not shown (see steadyWallOffset). */
const STEADY_WALL_OFFSET_MS = 50;

/**
 * Watches a MonitorSession for the dashboard: keeps the last events (as
 * events: they are put into words only when shown), the port state and each
 * camera's last image, and makes snapshots of it all on demand. No React here.
 * Pass `listener` to MonitorSession.start so that no early event is missed,
 * then bind() the session.
 */
export class IngestTracker {
	/** On the monotonic clock. */
	readonly startedAt: number;
	/** The log, as events (put into words only when shown or searched: logLine), each with the camera it is about. */
	readonly log = new LogBuffer<MonitorEvent>(LOG_KEPT);
	private record?: RecordView;
	private port: PortView;
	/** Each relay's port by relay number. */
	private readonly relays = new Map<number, PortView>();
	/** The same in relay order, once there are several (made on port events, not per snapshot). */
	private relaysView?: PortView[];
	private readonly lastImagePaths = new Map<MacNumber, string>();
	private readonly rate = new RateMeter();
	private lastBytes = 0;
	/** The counts at the last `r`: what the dashboard shows is counted from here. */
	private baseline?: {totals: MonitorTotals; cameras: Map<MacNumber, CameraCounts>};
	private portProblem?: PortView;
	/** The outputs' states, read at each snapshot (set by whoever made the sinks). */
	sinkStatuses: () => SinkStatus[] = () => [];
	/** The relay whose trouble portProblem is. */
	private portProblemRelay = 0;

	private boundSession?: MonitorSession;
	/** The last snapshot's camera views: one that did not change is given again (React skips its panel). */
	private lastViews = new Map<MacNumber, CameraView>();
	private lastLog?: {lastId: number; firstId: number; count: number; lines: LogLine[]};
	private shownWallOffset = 0;
	private lastSnapshot?: DashboardSnapshot;
	/** When the last snapshot was asked for, read as its times are (see `sampledAt`). */
	private lastSampledAt = 0;

	constructor(
		private readonly settings: SessionSettings,
		private readonly names: ReadonlyMap<MacNumber, string> = new Map(),
		private readonly clock: Clock = systemClock,
	) {
		this.startedAt = clock.monotonicMs();
		this.port = settings.replay
			? {state: 'replay', name: settings.replay}
			: settings.demo
				? {state: 'demo', name: `demo relay, ${settings.demoCameras} cameras`}
				: {state: 'opening', name: settings.port};
	}

	private readonly snapshotWanted = new Set<() => void>();

	/** Calls `listener` when a snapshot should be taken now rather than at the next tick (see wantSnapshot). */
	onSnapshotWanted(listener: () => void): () => void {
		this.snapshotWanted.add(listener);
		return () => this.snapshotWanted.delete(listener);
	}

	/** Something worth showing at once happened (a new image's preview is ready). */
	wantSnapshot(): void {
		for (const listener of this.snapshotWanted) listener();
	}

	readonly listener = (event: MonitorEvent): void => {
		this.onEvent(event);
	};

	/** The input ended by itself (a replay): say so in the header. */
	inputEnded(): void {
		this.port = {...this.port, detail: 'finished, q to quit'};
	}

	bind(session: MonitorSession): this {
		this.boundSession = session;
		return this;
	}

	private get session(): MonitorSession {
		if (!this.boundSession) throw new Error('IngestTracker: bind() a session first');
		return this.boundSession;
	}

	setDebug(on: boolean): void {
		this.session.monitor.debugFrames = on;
	}

	/**
	 * `r`: the dashboard counts from now on. A view of its own: the pipeline,
	 * and the summary at exit, still count the whole run.
	 */
	resetCounters(): void {
		const {monitor} = this.session;
		const cameras = new Map<MacNumber, CameraCounts>();
		for (const stats of monitor.reassembler.cameraStats.values()) {
			cameras.set(stats.mac, countsSince(stats));
		}

		this.baseline = {totals: monitor.totals(), cameras};
	}

	/** The port's trouble, in full, while it lasts (e.g. the permission advice); undefined once connected. */
	get currentPortProblem(): PortView | undefined {
		return this.portProblem;
	}

	/**
	 * When the last snapshot was asked for (wall clock, read as the snapshot's
	 * times are): the time the dashboard shows, even when that snapshot was the one before, given again.
	 */
	get sampledAt(): number {
		return this.lastSampledAt;
	}

	/**
	 * What the dashboard shows now. Asked for once a second (rates and
	 * sparklines move by the second): when nothing in it changed but the time,
	 * the last snapshot is given again, so that React renders nothing.
	 * `now`: monotonic, as the pipeline's times are.
	 */
	snapshot(now = this.clock.monotonicMs(), logLines = 50): DashboardSnapshot {
		const next = this.makeSnapshot(now, logLines);
		this.lastSampledAt = next.at;
		const last = this.lastSnapshot;
		if (last && isDeepStrictEqual({...next, at: last.at}, last)) return last;
		this.lastSnapshot = next;
		return next;
	}

	private makeSnapshot(now: number, logLines: number): DashboardSnapshot {
		const {monitor} = this.session;
		const toWall = this.steadyWallOffset();
		const wholeRun = monitor.totals();
		this.rate.add(Math.max(0, wholeRun.bytes - this.lastBytes), now);
		this.lastBytes = wholeRun.bytes;
		const totals = this.baseline ? sinceBaseline(wholeRun, this.baseline.totals) : wholeRun;
		const cameras: CameraView[] = [];
		for (const stats of monitor.reassembler.cameraStats.values()) {
			cameras.push({
				mac: stats.mac,
				macText: macToString(stats.mac),
				name: this.names.get(stats.mac),
				receiving: stats.receiving && {chunks: stats.receiving.chunks, bytes: stats.receiving.bytes},
				lastOutcome: stats.lastOutcome,
				lastReason: stats.lastReason,
				...countsSince(stats, this.baseline?.cameras.get(stats.mac)),
				lastImageAt: stats.lastImageAt === undefined ? undefined : stats.lastImageAt + toWall,
				throughput: stats.throughput.perSecond(now),
				history: stats.throughput.history(now, SPARKLINE_SECONDS),
				voltage: stats.lastVoltage,
				batteryReading: stats.lastReading,
				batteryInRange: stats.lastReadingInRange,
				lastImagePath: this.lastImagePaths.get(stats.mac),
				health: this.healthView(stats.mac, now, toWall),
			});
		}

		// Cameras named in --cameras or found in earlier runs' images have a panel before they speak.
		for (const mac of this.health?.knownCameras() ?? []) {
			if (!monitor.reassembler.cameraStats.has(mac)) cameras.push(this.silentCamera(mac, now, toWall));
		}

		cameras.sort((a, b) => a.mac - b.mac);
		this.keepUnchangedViews(cameras);
		return {
			at: now + toWall,
			startedAt: this.startedAt + toWall,
			port: this.port,
			...(this.relaysView ? {relays: this.relaysView} : {}),
			totals,
			rate: this.rate.perSecond(now),
			outDir: this.settings.out,
			cameras,
			log: this.logLines(logLines),
			record: this.record,
			// Of the cameras shown: health may still remember one the pipeline has let go.
			overdue: cameras.filter(camera => camera.health?.overdue).length,
			sinks: this.sinkStatuses(),
		};
	}

	/** Each camera's view as it was in the last snapshot when nothing in it changed. */
	private keepUnchangedViews(cameras: CameraView[]): void {
		const views = new Map<MacNumber, CameraView>();
		for (let index = 0; index < cameras.length; index++) {
			const last = this.lastViews.get(cameras[index]!.mac);
			if (last && isDeepStrictEqual(last, cameras[index])) cameras[index] = last;
			views.set(cameras[index]!.mac, cameras[index]!);
		}

		this.lastViews = views;
	}

	/**
	 * The wall clock's offset, kept while it moves by less than 50 ms: read
	 * afresh, it differs by a millisecond from one snapshot to the next and every
	 * time shown (so every view) would change; a step of the clock still shows at once.
	 */
	private steadyWallOffset(): number {
		const offset = wallOffset(this.clock);
		if (Math.abs(offset - this.shownWallOffset) >= STEADY_WALL_OFFSET_MS) this.shownWallOffset = offset;
		return this.shownWallOffset;
	}

	/** A session made by hand in tests may have no health model. */
	private get health(): CameraHealth | undefined {
		return (this.session as Partial<MonitorSession>).health;
	}

	/** A camera's health, its last-heard time read on the wall clock. */
	private healthView(mac: MacNumber, now: number, toWall: number): CameraHealthView | undefined {
		const view = this.health?.view(mac, now);
		if (view?.lastHeardAt !== undefined) view.lastHeardAt += toWall;
		return view;
	}

	private silentCamera(mac: MacNumber, now: number, toWall: number): CameraView {
		return {
			mac,
			macText: macToString(mac),
			name: this.names.get(mac),
			images: {verified: 0, unverified: 0, incomplete: 0},
			frames: 0,
			gaps: 0,
			missingFrames: 0,
			checksumErrors: 0,
			throughput: 0,
			history: new Array<number>(SPARKLINE_SECONDS).fill(0),
			health: this.healthView(mac, now, toWall),
		};
	}

	/** A kept log line in words; undefined when it is no longer kept. */
	logLine(id: number): LogLine | undefined {
		const event = this.log.get(id);
		const line = event && describeEvent(event, {names: this.names, out: this.settings.out});
		return line && {id, at: event.at, ...line, camera: this.log.cameraOf(id)};
	}

	/** The last `count` kept lines in words; the same array as last time when the log did not change. */
	private logLines(count: number): LogLine[] {
		const last = this.lastLog;
		const {lastId, firstId} = this.log;
		if (last && last.lastId === lastId && last.firstId === firstId && last.count === count) return last.lines;
		const lines: LogLine[] = [];
		for (let id = this.log.lastId; id >= this.log.firstId && lines.length < count; id--) {
			const line = this.logLine(id);
			if (line) lines.push(line);
		}

		lines.reverse();
		this.lastLog = {lastId, firstId, count, lines};
		return lines;
	}

	private onEvent(event: MonitorEvent): void {
		if (event.kind === 'port') {
			const relay = event.relay ?? 0;
			const view: PortView = {state: event.state, name: event.port, detail: event.detail, sharedWith: event.holders && describeHolders(event.holders)};
			this.relays.set(relay, view);
			if (this.relays.size > 1) this.relaysView = [...this.relays.entries()].sort(([a], [b]) => a - b).map(([, port]) => port);
			if (relay === 0) this.port = view;
			if (event.state === 'connected') {
				if (this.portProblemRelay === relay) this.portProblem = undefined;
			} else if (event.detail && event.state !== 'closed') {
				this.portProblem = view;
				this.portProblemRelay = relay;
			}
		}

		const shown = shownImage(event);
		if (shown !== undefined && event.kind === 'image') this.lastImagePaths.set(event.mac, shown);
		if (event.kind === 'record') this.record = {state: event.state, lostBytes: event.lostBytes};
		// Battery readings are shown in the panels; only a failed capture or an odd reading is worth a log line.
		if (event.kind === 'telemetry' && !event.captureFailed && event.inRange) return;
		this.log.push(event, cameraOf(event));
	}
}

/** The file of an image a panel shows (its camera's last one that is not incomplete), if `event` is one. */
export function shownImage(event: MonitorEvent): string | undefined {
	return event.kind === 'image' && event.outcome !== 'incomplete' ? event.path : undefined;
}

function cameraOf(event: MonitorEvent): MacNumber | undefined {
	if ('mac' in event) return event.mac;
	if (event.kind !== 'relay-text') return undefined;
	const mac = MAC_IN_TEXT.exec(event.text);
	return mac ? parseMac(mac[0]) : undefined;
}

/** A camera's counters counted from `zero` (where they stood at the last `r`), or whole without one. */
function countsSince(stats: CameraCounts, zero?: CameraCounts): CameraCounts {
	return {
		images: {
			verified: stats.images.verified - (zero?.images.verified ?? 0),
			unverified: stats.images.unverified - (zero?.images.unverified ?? 0),
			incomplete: stats.images.incomplete - (zero?.images.incomplete ?? 0),
		},
		frames: stats.frames - (zero?.frames ?? 0),
		gaps: stats.gaps - (zero?.gaps ?? 0),
		missingFrames: stats.missingFrames - (zero?.missingFrames ?? 0),
		checksumErrors: stats.checksumErrors - (zero?.checksumErrors ?? 0),
	};
}

function sinceBaseline(totals: MonitorTotals, baseline: MonitorTotals): MonitorTotals {
	const shown = {...totals};
	for (const key of Object.keys(shown) as Array<keyof MonitorTotals>) {
		if (!NOT_COUNTS.has(key)) shown[key] = Math.max(0, totals[key] - baseline[key]);
	}

	return shown;
}
