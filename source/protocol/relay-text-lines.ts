import {sanitizeDeviceText} from './sanitize-text.js';

export interface RelayTextSink {
	/** A line of the relay's own output, sanitised, never empty. */
	line(text: string): void;
	/** Bytes between frames that are not text (broken frames, line noise). */
	noise(byteCount: number): void;
}

const NEWLINE = 0x0a;
const strictUtf8 = new TextDecoder('utf-8', {fatal: true});
const lenientUtf8 = new TextDecoder('utf-8', {fatal: false});

/**
 * Collects the bytes found between frames into lines. Memory is bounded: a
 * line longer than `maxLineBytes` is cut there.
 *
 * A relay line is text: valid UTF-8 without stray control bytes. Binary junk
 * (the rest of a broken frame, line noise) only counts as noise, except that
 * a relay line glued to it without a newline (a log line, or the ROM banner
 * after a reboot cut a frame) is kept.
 */
export class RelayTextLines {
	private readonly buffer: Buffer;
	private length = 0;

	constructor(
		private readonly sink: RelayTextSink,
		maxLineBytes = 512,
	) {
		this.buffer = Buffer.allocUnsafe(maxLineBytes);
	}

	write(source: Uint8Array, start: number, end: number): void {
		let position = start;
		while (position < end) {
			const newline = indexOfByte(source, NEWLINE, position, end);
			const segmentEnd = newline === -1 ? end : newline;
			this.append(source, position, segmentEnd);
			if (newline === -1) return;
			this.flush();
			position = newline + 1;
		}
	}

	/** Emits the partial line, if any (after a stall or at the end of input). */
	flush(): void {
		if (this.length === 0) return;
		const length = this.length;
		this.length = 0;
		const line = textOf(this.buffer.subarray(0, length));
		if (line === undefined) this.sink.noise(length);
		else this.sink.line(line);
	}

	private append(source: Uint8Array, start: number, end: number): void {
		let position = start;
		while (position < end) {
			const room = this.buffer.length - this.length;
			const take = Math.min(room, end - position);
			this.buffer.set(source.subarray(position, position + take), this.length);
			this.length += take;
			position += take;
			if (this.length === this.buffer.length) this.flush();
		}
	}
}

function indexOfByte(source: Uint8Array, byte: number, start: number, end: number): number {
	const index = source.indexOf(byte, start);
	return index === -1 || index >= end ? -1 : index;
}

/**
 * A whole line shorter than this, without a letter, or with more than one
 * character in five outside ASCII, is not taken for text: random bytes make
 * many such (the relay's own lines are ASCII, and longer).
 */
const MIN_LINE_CHARACTERS = 8;
/** Text glued behind junk must be this long (or start like a relay line) to be kept. */
const MIN_SALVAGED_CHARACTERS = 16;
/** Junk: invalid UTF-8, and control characters other than tab, CR, ESC and BEL (parts of escape sequences, removed later). */
const JUNK = /[\uFFFD\x00-\x06\x08\x0a-\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;
/** How the relay's lines begin: an ESP-IDF log line (`W (123456) `, maybe coloured), or the ROM's text after a reset. */
const RELAY_LINE_START = /(?:\x1b\[[0-9;]*m)?[EWIDV] \(\d{1,10}\) |ESP-ROM:|rst:0x[0-9a-f]+ \(/g;
const LETTER = /[A-Za-z]/;
const NOT_ASCII = /[^\x20-\x7e]/g;

/** The sanitised text of a line, or undefined when it is junk. */
function textOf(bytes: Buffer): string | undefined {
	if (!hasControlJunk(bytes)) {
		const text = decodeStrict(bytes);
		if (text !== undefined) return plainLine(text, MIN_LINE_CHARACTERS);
	}

	return salvage(lenientUtf8.decode(bytes));
}

/** The relay's text that survived inside a line with junk in it: from the last relay line start, or the clean tail. */
function salvage(text: string): string | undefined {
	let start = -1;
	RELAY_LINE_START.lastIndex = 0;
	for (let match = RELAY_LINE_START.exec(text); match; match = RELAY_LINE_START.exec(text)) start = match.index;
	if (start !== -1) {
		const segment = text.slice(start);
		const junk = segment.match(JUNK)?.length ?? 0;
		if (junk * 8 <= segment.length) return plainLine(segment.replace(JUNK, ''), 1);
	}

	let lastJunk = -1;
	JUNK.lastIndex = 0;
	for (let match = JUNK.exec(text); match; match = JUNK.exec(text)) lastJunk = match.index;
	return plainLine(text.slice(lastJunk + 1), MIN_SALVAGED_CHARACTERS);
}

function plainLine(text: string, minCharacters: number): string | undefined {
	const clean = sanitizeDeviceText(text).trim();
	if (clean.length < minCharacters || !LETTER.test(clean)) return undefined;
	return (clean.match(NOT_ASCII)?.length ?? 0) * 5 > clean.length ? undefined : clean;
}

function hasControlJunk(bytes: Uint8Array): boolean {
	for (let i = 0; i < bytes.length; i++) {
		const byte = bytes[i]!;
		if ((byte < 0x20 && byte !== 0x07 && byte !== 0x09 && byte !== 0x0d && byte !== 0x1b) || byte === 0x7f) return true;
	}

	return false;
}

function decodeStrict(bytes: Uint8Array): string | undefined {
	try {
		return strictUtf8.decode(bytes);
	} catch {
		return undefined;
	}
}
