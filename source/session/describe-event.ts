import path from 'node:path';
import {FrameType} from '../core/protocol/constants.js';
import {macToString, type MacNumber} from '../core/protocol/mac.js';
import type {SessionEvent} from './session-events.js';
import type {SinkState} from './output-status.js';
import {formatDuration} from '../core/health/interval-text.js';
import {formatBytes, plural} from '../core/format.js';

export type Tone = 'good' | 'bad' | 'warn' | 'info' | 'dim';

/** An event in words: a short tag (coloured by its tone) and the rest of the line. */
export interface EventLine {
	tag: string;
	tone: Tone;
	text: string;
}

export interface DescribeOptions {
	names?: ReadonlyMap<MacNumber, string>;
	/** Paths are shown relative to this folder when they are inside it. */
	cwd?: string;
	/**
	 * The output folder, for short lines (the dashboard's log): an image's line
	 * begins with its file named relative to it, which holds the MAC and the time.
	 */
	out?: string;
}

export const FRAME_TYPE_NAMES: Record<number, string> = {[FrameType.Hash]: 'HASH', [FrameType.Data]: 'DATA', [FrameType.Eof]: 'EOF'};

export function cameraLabel(mac: MacNumber, names?: ReadonlyMap<MacNumber, string>): string {
	const name = names?.get(mac);
	return name ? `${name} (${macToString(mac)})` : macToString(mac);
}

/** The words for one event, shared by the headless lines and the dashboard's log; undefined for events not worth a line. */
export function describeEvent(event: SessionEvent, options: DescribeOptions = {}): EventLine | undefined {
	const camera = (mac: MacNumber) => cameraLabel(mac, options.names);
	switch (event.kind) {
		case 'image': {
			const battery = event.batteryPercent === undefined ? '' : `, battery ${event.batteryPercent}%`;
			if (options.out !== undefined && event.path) return describeImageFile(event, event.path, battery, options);
			const where = event.path ? ` → ${shortPath(event.path, options.cwd)}` : event.bytes === 0 ? ' (no data)' : ' (not written)';
			if (event.outcome !== 'incomplete') {
				return {tag: 'saved', tone: 'good', text: `${camera(event.mac)} ${formatBytes(event.bytes)} ${event.outcome}${battery}${where}`};
			}

			const missing = event.missingFrames > 0 ? `, ${plural(event.missingFrames, 'chunk')} missing` : '';
			const detail = event.detail ? ` (${event.detail})` : '';
			return {tag: 'partial', tone: 'warn', text: `${camera(event.mac)} ${formatBytes(event.bytes)} incomplete: ${event.reason}${detail}${missing}${where}`};
		}

		case 'telemetry': {
			const reading = event.inRange ? `battery ${event.reading}%` : `battery reading "${event.reading}" (outside 0..100, kept as sent)`;
			if (event.captureFailed) return {tag: 'camera', tone: 'warn', text: `${camera(event.mac)} woke but failed to capture, ${reading}`};
			return event.inRange ? undefined : {tag: 'camera', tone: 'warn', text: `${camera(event.mac)} ${reading}`};
		}
		case 'relay-text':
			return {tag: 'relay', tone: 'dim', text: event.port === undefined ? event.text : `${event.port}: ${event.text}`};
		case 'frame':
			return {
				tag: 'frame',
				tone: event.checksumOk ? 'dim' : 'bad',
				text: `${camera(event.mac)} ${FRAME_TYPE_NAMES[event.type] ?? event.type} seq ${event.sequence} ` + `len ${event.length} ${event.checksumOk ? 'ok' : 'bad checksum'}`,
			};
		case 'port': {
			const tone: Tone = event.state === 'connected' && !event.holders ? 'good' : event.state === 'closed' ? 'dim' : 'warn';
			return {tag: 'port', tone, text: `${event.state} ${event.port}${event.detail ? `: ${event.detail}` : ''}`};
		}

		case 'write-error':
			return {tag: 'error', tone: 'bad', text: `cannot write ${event.path}: ${event.message}`};
		case 'record':
			return describeRecordEvent(event, options.cwd);
		case 'notice': {
			const tone: Tone = event.level === 'error' ? 'bad' : event.level === 'warn' ? 'warn' : 'info';
			return {tag: event.level === 'warn' ? 'warning' : event.level, tone, text: event.message};
		}

		case 'overdue': {
			const silence = event.lastHeardAt === undefined ? `not heard at all in ${formatDuration(event.silentMs)}` : `silent for ${formatDuration(event.silentMs)}`;
			const usual = `every ${formatDuration(event.intervalMs)} (${event.intervalFrom === 'cameras-file' ? 'cameras file' : 'learned'})`;
			return {tag: 'overdue', tone: 'bad', text: `${camera(event.mac)} overdue: ${silence}, expected ${usual}`};
		}

		case 'back':
			return {tag: 'back', tone: 'good', text: `${camera(event.mac)} back after ${formatDuration(event.silentMs)} of silence`};

		case 'sink':
			return describeSinkEvent(event);
	}
}

/** `saved 240ac4001c10_20261207_101010_123456.jpg 5.2 KiB verified, battery 96%` (a named camera's name first; an incomplete image's reason is in its name). */
function describeImageFile(event: Extract<SessionEvent, {kind: 'image'}>, file: string, battery: string, options: DescribeOptions): EventLine {
	const name = options.names?.get(event.mac);
	const start = `${name ? `${name} ` : ''}${shortPath(file, options.out)} ${formatBytes(event.bytes)}`;
	if (event.outcome !== 'incomplete') return {tag: 'saved', tone: 'good', text: `${start} ${event.outcome}${battery}`};
	const missing = event.missingFrames > 0 ? `, ${plural(event.missingFrames, 'chunk')} missing` : '';
	return {tag: 'partial', tone: 'warn', text: `${start}${event.detail ? ` (${event.detail})` : ''}${missing}`};
}

const SINK_TONES: Record<SinkState, Tone> = {connecting: 'info', connected: 'good', retrying: 'warn', failed: 'bad', closed: 'dim'};

function describeSinkEvent(event: Extract<SessionEvent, {kind: 'sink'}>): EventLine {
	const dropped = event.dropped > 0 ? ` (${plural(event.dropped, 'item')} dropped so far)` : '';
	return {tag: event.sink, tone: SINK_TONES[event.state], text: `${event.state} ${event.target}${event.detail ? `: ${event.detail}` : ''}${dropped}`};
}

function describeRecordEvent(event: Extract<SessionEvent, {kind: 'record'}>, cwd?: string): EventLine {
	const file = shortPath(event.file, cwd);
	if (event.state === 'failing') {
		return {tag: 'record', tone: 'bad', text: `cannot write record file ${file}: ${event.message}; keeping what arrives and trying again`};
	}

	return event.lostBytes > 0
		? {tag: 'record', tone: 'warn', text: `record file ${file} written again; ${formatBytes(event.lostBytes)} received are missing from it: it is not byte-exact`}
		: {tag: 'record', tone: 'good', text: `record file ${file} written again, nothing lost`};
}

function shortPath(file: string, cwd = process.cwd()): string {
	const relative = path.relative(cwd, file);
	return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
