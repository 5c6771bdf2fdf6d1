import type {Tone} from '../../session/describe-event.js';
import {sanitizeDeviceText} from '../../core/protocol/sanitize-text.js';
import {clock} from '../format-time.js';
import type {LogLine} from '../dashboard-model.js';

export const TONE_COLOURS: Record<Tone, string | undefined> = {good: 'green', bad: 'red', warn: 'yellow', info: 'cyan', dim: 'gray'};

export const TAG_WIDTH = 7;

/** A piece of a row drawn in one style: its part of the line, and whether the search matched it. */
export interface RowSegment {
	text: string;
	part: 'clock' | 'tag' | 'text';
	match: boolean;
}

/**
 * A log line as the full-screen log shows it (and searches it): `time tag text`.
 * The text is sanitised again here: whatever a line holds, no escape
 * sequence or control character reaches the terminal.
 */
export function rowText(line: LogLine): string {
	return `${clock(line.at)} ${line.tag.padEnd(TAG_WIDTH)} ${sanitizeDeviceText(line.text)}`;
}

/** The row in pieces: time, tag, text, cut where `highlight` (a global pattern) matches. */
export function rowSegments(line: LogLine, highlight?: RegExp): RowSegment[] {
	const row = rowText(line);
	const tagStart = clock(line.at).length + 1;
	const textStart = tagStart + TAG_WIDTH + 1;
	const partAt = (index: number): RowSegment['part'] => (index < tagStart ? 'clock' : index < textStart ? 'tag' : 'text');
	const cuts = new Set([0, tagStart, textStart, row.length]);
	const matched: [number, number][] = [];
	if (highlight) {
		for (const match of row.matchAll(highlight)) {
			if (match[0].length === 0) continue;
			matched.push([match.index, match.index + match[0].length]);
			cuts.add(match.index).add(match.index + match[0].length);
		}
	}

	const points = [...cuts].filter(point => point <= row.length).sort((a, b) => a - b);
	const segments: RowSegment[] = [];
	for (let i = 0; i + 1 < points.length; i++) {
		const start = points[i]!;
		const end = points[i + 1]!;
		if (end === start) continue;
		const match = matched.some(([from, to]) => start >= from && end <= to);
		segments.push({text: row.slice(start, end), part: partAt(start), match});
	}

	return segments;
}
