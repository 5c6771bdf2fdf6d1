import {sanitizeDeviceText} from './sanitize-text.js';

export interface RelayTextListener {
	/** A line of the relay's own output, sanitised, never empty. */
	line(text: string): void;
	/** Bytes between frames that are not text (broken frames, line noise). */
	noise(byteCount: number): void;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const lenientUtf8 = new TextDecoder('utf-8', {fatal: false});

/**
 * Collects the bytes found between frames into lines: LF, CR and CRLF each end
 * one. Memory is bounded: one relay line is one line, its first
 * `maxLineBytes` kept and the rest dropped with a mark saying how much.
 *
 * A relay line is text: UTF-8 without stray control bytes; in a line that
 * starts like the relay's, an invalid byte shows as U+FFFD. Binary junk (the
 * rest of a broken frame, line noise)
 * only counts as noise, except that a relay line glued to it without a newline
 * (a log line, or the ROM banner after a reboot cut a frame) is kept.
 */
export class RelayTextLines {
	private readonly buffer: Buffer;
	private length = 0;
	/** Bytes of the current line past the bound, not kept. */
	private dropped = 0;
	/** The last line ended with CR: an LF right after it is the same ending. */
	private afterCarriageReturn = false;

	constructor(
		private readonly listener: RelayTextListener,
		maxLineBytes = 1000,
	) {
		this.buffer = Buffer.allocUnsafe(maxLineBytes);
	}

	write(source: Uint8Array, start: number, end: number): void {
		let position = start;
		if (this.afterCarriageReturn && position < end) {
			this.afterCarriageReturn = false;
			if (source[position] === NEWLINE) position++;
		}

		while (position < end) {
			const ending = indexOfLineEnd(source, position, end);
			if (ending === -1) {
				this.append(source, position, end);
				return;
			}

			this.append(source, position, ending);
			this.flush();
			position = ending + 1;
			if (source[ending] !== CARRIAGE_RETURN) continue;
			if (position === end) this.afterCarriageReturn = true;
			else if (source[position] === NEWLINE) position++;
		}
	}

	/** Emits the partial line, if any (after a stall or at the end of input). */
	flush(): void {
		if (this.length === 0) return;
		const kept = this.dropped > 0 ? wholeCharacters(this.buffer, this.length) : this.length;
		const dropped = this.dropped + this.length - kept;
		const total = this.length + this.dropped;
		this.length = 0;
		this.dropped = 0;
		const line = textOf(this.buffer.subarray(0, kept));
		if (line === undefined) this.listener.noise(total);
		else if (line !== '') this.listener.line(dropped > 0 ? `${line} … (${dropped} bytes dropped)` : line);
	}

	private append(source: Uint8Array, start: number, end: number): void {
		let position = start;
		while (position < end) {
			if (this.dropped > 0) {
				this.dropped += end - position;
				return;
			}

			const take = Math.min(this.buffer.length - this.length, end - position);
			this.buffer.set(source.subarray(position, position + take), this.length);
			this.length += take;
			position += take;
			if (position === end) return;
			// Full. Text keeps its head and drops the rest; junk is noise, and
			// reading goes on: a relay line may come after it.
			if (textOf(this.buffer) === undefined) {
				this.listener.noise(this.length);
				this.length = 0;
			} else {
				this.dropped = end - position;
				return;
			}
		}
	}
}

function indexOfLineEnd(source: Uint8Array, start: number, end: number): number {
	for (let i = start; i < end; i++) {
		const byte = source[i];
		if (byte === NEWLINE || byte === CARRIAGE_RETURN) return i;
	}

	return -1;
}

/** How many of the first `length` bytes end on a whole UTF-8 character (a cut can split one). */
function wholeCharacters(bytes: Uint8Array, length: number): number {
	for (let i = length - 1; i >= Math.max(0, length - 4); i--) {
		const byte = bytes[i]!;
		if (byte < 0x80) return length;
		if (byte >= 0xc0) {
			const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
			return i + size <= length ? length : i;
		}
	}

	return length;
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
/** The junk removed from relay text that survived: control bytes. An invalid byte in it stays, shown as U+FFFD. */
const CONTROL_JUNK = /[\x00-\x06\x08\x0a-\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;
/** How the relay's lines begin: an ESP-IDF log line (`W (123456) `, maybe coloured), or the ROM's text after a reset. */
const RELAY_LINE_START = /(?:\x1b\[[0-9;]*m)?[EWIDV] \(\d{1,10}\) |ESP-ROM:|rst:0x[0-9a-f]+ \(/g;
const LETTER = /[A-Za-z]/;
const NOT_ASCII = /[^\x20-\x7e]/g;

/** The sanitised text of a line, '' when it says nothing (only colour codes or spaces), or undefined when it is junk. */
function textOf(bytes: Buffer): string | undefined {
	const text = lenientUtf8.decode(bytes);
	if (!hasControlJunk(bytes) && !text.includes('\uFFFD')) {
		return sanitizeDeviceText(text).trim() === '' ? '' : plainLine(text, MIN_LINE_CHARACTERS);
	}

	return salvage(text);
}

/** The relay's text that survived inside a line with junk in it: from the last relay line start, or the clean tail. */
function salvage(text: string): string | undefined {
	let start = -1;
	RELAY_LINE_START.lastIndex = 0;
	for (let match = RELAY_LINE_START.exec(text); match; match = RELAY_LINE_START.exec(text)) start = match.index;
	if (start !== -1) {
		const segment = text.slice(start);
		const junk = segment.match(JUNK)?.length ?? 0;
		if (junk * 8 <= segment.length) return plainLine(segment.replace(CONTROL_JUNK, ''), 1);
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
	for (const byte of bytes) {
		if ((byte < 0x20 && byte !== 0x07 && byte !== 0x09 && byte !== 0x1b) || byte === 0x7f) return true;
	}

	return false;
}
