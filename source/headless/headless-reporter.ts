import path from 'node:path';
import {FrameType} from '../protocol/constants.js';
import {macToString} from '../protocol/mac.js';
import type {MonitorEvent} from '../ingest/monitor-events.js';
import type {MonitorTotals} from '../ingest/monitor.js';
import {logTimestamp} from '../ingest/timestamps.js';
import {formatBytes, plural} from './format.js';
import {palette, type Palette} from './style.js';

export interface HeadlessReporterOptions {
	write: (line: string) => void;
	json: boolean;
	colour: boolean;
	/** Paths are shown relative to this folder. */
	cwd?: string;
	/** Names for MACs, from --cameras. */
	names?: ReadonlyMap<number, string>;
}

const FRAME_TYPE_NAMES: Record<number, string> = {[FrameType.Hash]: 'HASH', [FrameType.Data]: 'DATA', [FrameType.Eof]: 'EOF'};

/** One line per event: text for people, or JSON lines with --json. */
export class HeadlessReporter {
	private readonly style: Palette;

	constructor(private readonly options: HeadlessReporterOptions) {
		this.style = palette(options.colour && !options.json);
	}

	event(event: MonitorEvent): void {
		if (this.options.json) {
			this.options.write(JSON.stringify(this.toJson(event)));
			return;
		}

		const line = this.toText(event);
		if (line !== undefined) this.options.write(`${this.style.dim(logTimestamp(event.at))} ${line}`);
	}

	stats(at: number, totals: MonitorTotals, final = false): void {
		if (this.options.json) {
			this.options.write(JSON.stringify({time: new Date(at).toISOString(), event: final ? 'summary' : 'stats', ...totals}));
			return;
		}

		const text =
			`${totals.imagesGood} good (${totals.imagesVerified} verified, ${totals.imagesUnverified} unverified), ` +
			`${totals.imagesIncomplete} incomplete, ${plural(totals.frames, 'frame')}, ${formatBytes(totals.bytes)} read, ` +
			`${plural(totals.cameras, 'camera')}, ${plural(totals.checksumErrors, 'checksum error')}` +
			(totals.writeErrors > 0 ? `, ${plural(totals.writeErrors, 'write error')}` : '');
		this.options.write(`${this.style.dim(logTimestamp(at))} ${this.style.info(final ? 'summary' : 'stats  ')} ${text}`);
	}

	private camera(mac: number): string {
		const name = this.options.names?.get(mac);
		return name ? `${name} (${macToString(mac)})` : macToString(mac);
	}

	private shortPath(file: string): string {
		const relative = path.relative(this.options.cwd ?? process.cwd(), file);
		return relative.startsWith('..') ? file : relative;
	}

	private toText(event: MonitorEvent): string | undefined {
		const {style} = this;
		switch (event.kind) {
			case 'image': {
				const battery = event.voltage === undefined ? '' : `, battery ${event.voltage}%`;
				const where = event.path ? ` → ${this.shortPath(event.path)}` : event.bytes === 0 ? ' (no data)' : ' (not written)';
				if (event.outcome !== 'incomplete') {
					return `${style.good('saved  ')} ${this.camera(event.mac)} ${formatBytes(event.bytes)} ${event.outcome}${battery}${where}`;
				}

				const missing = event.missingFrames > 0 ? `, ${plural(event.missingFrames, 'chunk')} missing` : '';
				return `${style.warn('partial')} ${this.camera(event.mac)} ${formatBytes(event.bytes)} incomplete: ${event.reason}${missing}${where}`;
			}

			case 'telemetry':
				return event.captureFailed ? `${style.warn('camera ')} ${this.camera(event.mac)} woke but failed to capture, battery ${event.voltage}%` : undefined;
			case 'relay-text':
				return `${style.dim('relay  ')} ${event.text}`;
			case 'frame':
				return (
					`${style.dim('frame  ')} ${this.camera(event.mac)} ${FRAME_TYPE_NAMES[event.type] ?? event.type} ` +
					`seq ${event.sequence} len ${event.length} ${event.checksumOk ? 'ok' : style.bad('bad checksum')}`
				);
			case 'port': {
				const colour = event.state === 'connected' ? style.good : event.state === 'closed' ? style.dim : style.warn;
				return `${style.info('port   ')} ${colour(event.state)} ${event.port}${event.detail ? `: ${event.detail}` : ''}`;
			}

			case 'write-error':
				return `${style.bad('error  ')} cannot write ${event.path}: ${event.message}`;
			case 'notice': {
				const colour = event.level === 'error' ? style.bad : event.level === 'warn' ? style.warn : style.info;
				return `${colour(event.level === 'info' ? 'info   ' : event.level === 'warn' ? 'warning' : 'error  ')} ${event.message}`;
			}
		}
	}

	private toJson(event: MonitorEvent): Record<string, unknown> {
		const {kind, at, ...rest} = event;
		const fields: Record<string, unknown> = {time: new Date(at).toISOString(), event: kind, ...rest};
		if ('mac' in event) {
			fields['mac'] = macToString(event.mac);
			const name = this.options.names?.get(event.mac);
			if (name) fields['name'] = name;
		}

		if (event.kind === 'frame') fields['type'] = FRAME_TYPE_NAMES[event.type] ?? event.type;
		return fields;
	}
}
