import type {MacNumber} from '../protocol/mac.js';
import {BatteryTrend} from './battery-trend.js';
import {LossBuckets} from './loss-buckets.js';
import {WakeIntervals} from './wake-intervals.js';

/** Silent for more than this many of its intervals: overdue. */
export const OVERDUE_INTERVALS = 3;
/**
 * A learned interval counts as at least this long (cameras sleep 60 s to 10 min):
 * a camera whose interval was not given is never called overdue after less
 * than a minute of silence, however often it happened to send.
 */
export const LEARNED_INTERVAL_FLOOR_MS = 20_000;
export const DEFAULT_BATTERY_LOW = 20;
const MAX_CAMERAS = 512;
/** The battery readings a camera's view carries: its panel draws them all. */
const SPARKLINE_READINGS = 5;

export type IntervalSource = 'cameras-file' | 'learned';

export type HealthChange =
	| {kind: 'overdue'; mac: MacNumber; at: number; silentMs: number; intervalMs: number; intervalFrom: IntervalSource; lastHeardAt?: number}
	| {kind: 'back'; mac: MacNumber; at: number; silentMs: number};

export interface CameraHealthView {
	overdue: boolean;
	/** Known beforehand (named, or from earlier runs' images) and never heard, in this run or before. */
	neverSeen: boolean;
	/** The last frame or image, from this run or (for cameras from the output folder) an earlier one. */
	lastHeardAt?: number;
	intervalMs?: number;
	intervalFrom?: IntervalSource;
	/** The last battery readings (0..100), oldest first. */
	battery: number[];
	batteryLow: boolean;
	batteryFalling: boolean;
	/** Share of images incomplete (0..1) in the last hour and day; undefined when there were none. */
	lossHour?: number;
	lossDay?: number;
}

export interface HealthOptions {
	/** When judging starts: a known camera never heard is silent since then. */
	startedAt: number;
	/** Battery at or below this percent is low. */
	batteryLowPercent?: number;
	/** Intervals between wakes from the cameras file, in ms. */
	intervals?: ReadonlyMap<MacNumber, number>;
	/** Cameras named beforehand: they have a panel from the start. */
	known?: Iterable<MacNumber>;
}

interface CameraRecord {
	/** Named or from the output folder: shown before it speaks. */
	known: boolean;
	wakes: WakeIntervals;
	battery?: BatteryTrend;
	loss?: LossBuckets;
	lastHeardAt?: number;
	/** Where its silence is counted from: moved on over time the program could not listen. */
	silentSince?: number;
	/** While it is overdue: when that was found, and when its silence began (its last frame, or the start). */
	overdue?: {at: number; silentFrom: number};
}

/**
 * Each camera's health: its usual interval between wakes, whether it is
 * overdue, its battery trend and its loss. Pure: every time is passed in; the
 * caller feeds what it hears and calls poll() now and then for the changes.
 */
export class CameraHealth {
	private readonly cameras = new Map<MacNumber, CameraRecord>();
	private readonly intervals: ReadonlyMap<MacNumber, number>;
	private readonly lowPercent: number;
	/** Silence of cameras never heard counts from here. */
	private judgedFrom: number;

	constructor(options: HealthOptions) {
		this.judgedFrom = options.startedAt;
		this.intervals = options.intervals ?? new Map();
		this.lowPercent = options.batteryLowPercent ?? DEFAULT_BATTERY_LOW;
		for (const mac of options.known ?? []) this.camera(mac).known = true;
		for (const mac of this.intervals.keys()) this.camera(mac).known = true;
	}

	/** Cameras to show before they speak: named ones and those from earlier runs, in no particular order. */
	knownCameras(): MacNumber[] {
		const macs: MacNumber[] = [];
		for (const [mac, record] of this.cameras) if (record.known) macs.push(mac);
		return macs;
	}

	/** Image end times of a camera from earlier runs (e.g. read from the output folder): learned as wakes; the camera is known. */
	learnFromHistory(mac: MacNumber, times: Iterable<number>): void {
		const record = this.camera(mac);
		record.known = true;
		let latest: number | undefined;
		const list: number[] = [];
		for (const at of times) {
			list.push(at);
			if (latest === undefined || at > latest) latest = at;
		}

		record.wakes.addMany(list);
		if (latest !== undefined) this.heardAt(record, latest);
	}

	/** Any valid frame from the camera. */
	heard(mac: MacNumber, at: number): void {
		this.heardAt(this.camera(mac), at);
	}

	/** An image ended (its time is the camera's wake). `countsAsLoss`: incomplete through the camera's link, not our own shutdown. */
	imageEnded(mac: MacNumber, at: number, outcome: {incomplete: boolean; countsForLoss: boolean}): void {
		const record = this.camera(mac);
		record.wakes.add(at);
		this.heardAt(record, at);
		if (outcome.countsForLoss) (record.loss ??= new LossBuckets()).add(at, outcome.incomplete);
	}

	/** A battery reading from 0 to 100 (its HASH frame is heard too). */
	battery(mac: MacNumber, at: number, percent: number): void {
		const record = this.camera(mac);
		(record.battery ??= new BatteryTrend()).add(at, percent);
		this.heardAt(record, at);
	}

	/** The program could not listen for `ms` (it was stopped, or the relay was away): that is no camera's silence. */
	discount(ms: number, now: number): void {
		this.judgedFrom = Math.min(now, this.judgedFrom + ms);
		for (const record of this.cameras.values()) {
			if (record.silentSince !== undefined) record.silentSince = Math.min(now, record.silentSince + ms);
		}
	}

	/** One camera could not be heard for `ms` (the only relays that hear it were unplugged): that is no silence of its own. */
	discountCamera(mac: MacNumber, ms: number, now: number): void {
		const record = this.cameras.get(mac);
		if (record?.silentSince !== undefined) record.silentSince = Math.min(now, record.silentSince + ms);
	}

	/** Cameras that went overdue or came back since the last poll. */
	poll(now: number): HealthChange[] {
		const changes: HealthChange[] = [];
		for (const [mac, record] of this.cameras) {
			if (record.overdue) {
				// Heard after it was found overdue (an earlier run's image found later is no return).
				if (record.lastHeardAt !== undefined && record.lastHeardAt > record.overdue.at) {
					changes.push({kind: 'back', mac, at: now, silentMs: record.lastHeardAt - record.overdue.silentFrom});
					record.overdue = undefined;
				}

				continue;
			}

			const interval = this.intervalOf(mac, record);
			if (!interval) continue;
			const silentMs = now - (record.silentSince ?? this.judgedFrom);
			if (silentMs > OVERDUE_INTERVALS * interval.ms) {
				record.overdue = {at: now, silentFrom: record.lastHeardAt ?? this.judgedFrom};
				changes.push({kind: 'overdue', mac, at: now, silentMs, intervalMs: interval.ms, intervalFrom: interval.from, lastHeardAt: record.lastHeardAt});
			}
		}

		return changes;
	}

	view(mac: MacNumber, now: number): CameraHealthView | undefined {
		const record = this.cameras.get(mac);
		if (!record) return undefined;
		const interval = this.intervalOf(mac, record);
		return {
			overdue: record.overdue !== undefined,
			neverSeen: record.lastHeardAt === undefined,
			lastHeardAt: record.lastHeardAt,
			intervalMs: interval?.ms,
			intervalFrom: interval?.from,
			battery: record.battery?.recent(SPARKLINE_READINGS) ?? [],
			batteryLow: record.battery?.isLow(this.lowPercent) ?? false,
			batteryFalling: record.battery?.isFallingFast() ?? false,
			lossHour: record.loss?.lastHour(now),
			lossDay: record.loss?.lastDay(now),
		};
	}

	private intervalOf(mac: MacNumber, record: CameraRecord): {ms: number; from: IntervalSource} | undefined {
		const given = this.intervals.get(mac);
		if (given !== undefined) return {ms: given, from: 'cameras-file'};
		const learned = record.wakes.usual();
		return learned === undefined ? undefined : {ms: Math.max(LEARNED_INTERVAL_FLOOR_MS, learned), from: 'learned'};
	}

	private heardAt(record: CameraRecord, at: number): void {
		if (record.lastHeardAt !== undefined && at <= record.lastHeardAt) return;
		record.lastHeardAt = at;
		record.silentSince = Math.max(record.silentSince ?? at, at);
	}

	private camera(mac: MacNumber): CameraRecord {
		let record = this.cameras.get(mac);
		if (!record) {
			if (this.cameras.size >= MAX_CAMERAS) this.forgetOne();
			record = {known: false, wakes: new WakeIntervals()};
			this.cameras.set(mac, record);
		}

		return record;
	}

	/** Many MACs (phantoms: other ESP-NOW senders, a flood): forget the one unknown camera heard least recently. */
	private forgetOne(): void {
		let oldest: MacNumber | undefined;
		let oldestAt = Number.POSITIVE_INFINITY;
		for (const [mac, record] of this.cameras) {
			if (record.known) continue;
			const at = record.lastHeardAt ?? Number.NEGATIVE_INFINITY;
			if (at < oldestAt) {
				oldest = mac;
				oldestAt = at;
			}
		}

		if (oldest !== undefined) this.cameras.delete(oldest);
	}
}
