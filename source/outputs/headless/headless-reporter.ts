import type {SinkStatus} from '../../session/output-status.js';
import {macToString} from '../../core/protocol/mac.js';
import {sanitizeDeviceText} from '../../core/protocol/sanitize-text.js';
import type {SessionEvent} from '../../session/session-events.js';
import type {PipelineTotals} from '../../session/pipeline.js';
import {logTimestamp} from '../../io/store/timestamps.js';
import {describeEvent, FRAME_TYPE_NAMES} from '../../session/describe-event.js';
import {formatBytes, plural} from '../../core/format.js';
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

/** One line per event: text for people, or JSON lines with --json. */
export class HeadlessReporter {
	private readonly style: Palette;

	constructor(private readonly options: HeadlessReporterOptions) {
		this.style = palette(options.colour && !options.json);
	}

	event(event: SessionEvent): void {
		if (this.options.json) {
			this.options.write(JSON.stringify(this.toJson(event)));
			return;
		}

		const line = describeEvent(event, this.options);
		if (line === undefined) return;
		const tag = this.style[line.tone](line.tag.padEnd(7));
		// Relay text is clean already; other text (a server's error, a path) may not be.
		this.options.write(`${this.style.dim(logTimestamp(event.at))} ${tag} ${sanitizeDeviceText(line.text)}`);
	}

	/** The totals so far (`final`: at the end of the run), and each output's state when there are any. */
	stats(at: number, totals: PipelineTotals, final = false, sinks: readonly SinkStatus[] = []): void {
		if (this.options.json) {
			const outputs = sinks.length > 0 ? {sinks: sinks.map(({sink, state, detail, dropped, queued}) => ({sink, state, detail, dropped, queued}))} : {};
			this.options.write(JSON.stringify({time: new Date(at).toISOString(), event: final ? 'summary' : 'stats', ...totals, ...outputs}));
			return;
		}

		const text =
			`${totals.imagesGood} good (${totals.imagesVerified} verified, ${totals.imagesUnverified} unverified), ` +
			`${totals.imagesIncomplete} incomplete, ${totals.imagesDuplicate > 0 ? `${totals.imagesDuplicate} heard twice (saved once), ` : ''}${notWritten(totals)}${plural(totals.frames, 'frame')}, ${formatBytes(totals.bytes)} read, ` +
			`${plural(totals.cameras, 'camera')}, ${plural(totals.checksumErrors, 'checksum error')}` +
			(totals.writeErrors > 0 ? `, ${plural(totals.writeErrors, 'write error')}` : '') +
			(totals.noiseBytes > 0 ? `, ${formatBytes(totals.noiseBytes)} of binary noise between frames` : '') +
			(totals.strayFrames > 0 ? `, ${plural(totals.strayFrames, 'stray frame')} (MACs that are no camera)` : '') +
			sinks.map(sink => describeSink(sink, final)).join('');
		this.options.write(`${this.style.dim(logTimestamp(at))} ${this.style.info(final ? 'summary' : 'stats  ')} ${text}`);
	}

	private toJson(event: SessionEvent): Record<string, unknown> {
		const {kind, at, ...rest} = event;
		const fields: Record<string, unknown> = {time: new Date(at).toISOString(), event: kind};
		// The battery percent keeps the name the relay's VOLT field and the Python receiver gave it.
		for (const [key, value] of Object.entries(rest)) fields[key === 'batteryPercent' ? 'voltage' : key] = value;
		if ('mac' in event) {
			fields.mac = macToString(event.mac);
			const name = this.options.names?.get(event.mac);
			if (name) fields.name = name;
		}

		if (event.kind === 'frame') fields.type = FRAME_TYPE_NAMES[event.type] ?? event.type;
		if (event.kind === 'overdue' && event.lastHeardAt !== undefined) fields.lastHeardAt = new Date(event.lastHeardAt).toISOString();
		return fields;
	}
}

/** `6 not written, ` when images (or volt.log lines) could not be written, else nothing. */
function notWritten(totals: PipelineTotals): string {
	const images = totals.imagesNotWritten > 0 ? `${totals.imagesNotWritten} not written, ` : '';
	const lines = totals.voltLinesNotWritten > 0 ? `${plural(totals.voltLinesNotWritten, 'volt.log line')} not written, ` : '';
	return images + lines;
}

/** `; mqtt connected, 3 dropped`: an output in the stats line; in the summary only what it lost. */
function describeSink(status: SinkStatus, final: boolean): string {
	const dropped = status.dropped > 0 ? `, ${status.dropped} dropped` : '';
	const queued = status.queued > 0 ? `, ${status.queued} ${final ? 'never sent' : 'waiting'}` : '';
	if (final) return dropped || queued ? `; ${status.sink}${dropped}${queued}` : '';
	return `; ${status.sink} ${status.state}${dropped}${queued}`;
}
