import {sanitizeDeviceText} from './sanitize-text.js';

export interface RelayTextSink {
	/** A line of the relay's own output, sanitised, never empty. */
	line(text: string): void;
	/** Bytes between frames that are not text (broken frames, line noise). */
	noise(byteCount: number): void;
}

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8', {fatal: false});

/**
 * Collects the bytes found between frames into lines. Memory is bounded: a
 * line longer than `maxLineBytes` is cut there. A line counts as text when
 * few of its bytes are control bytes and most of it decodes as UTF-8;
 * otherwise its bytes count as noise.
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
		if (looksBinary(this.buffer, length)) {
			this.sink.noise(length);
			return;
		}

		const raw = decoder.decode(this.buffer.subarray(0, length));
		const text = dropLeadingJunk(raw);
		let replacements = 0;
		for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) replacements++;
		if (replacements * 4 > text.length) {
			this.sink.noise(length);
			return;
		}

		const clean = sanitizeDeviceText(text).trim();
		if (clean.length > 0) this.sink.line(clean);
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

/** More than one byte in ten is a control byte other than tab, CR or ESC. */
function looksBinary(bytes: Uint8Array, length: number): boolean {
	let controls = 0;
	for (let i = 0; i < length; i++) {
		const byte = bytes[i]!;
		if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x1b) || byte === 0x7f) controls++;
	}

	return controls * 10 > length;
}

/** An ESP-IDF log line begins like `W (123456) tag:`, maybe after its colour code. */
const ESP_LOG_START = /(?:\x1b\[[0-9;]*m)?[EWIDV] \(\d+\) [^:]{1,40}:/;

/**
 * The bytes of a broken frame often run straight into the next log line,
 * with no newline between them: keep the log line, drop the binary in front.
 */
function dropLeadingJunk(line: string): string {
	const lastJunk = line.lastIndexOf('\uFFFD');
	if (lastJunk === -1) return line;
	const rest = line.slice(lastJunk + 1);
	const logStart = ESP_LOG_START.exec(rest);
	return logStart ? rest.slice(logStart.index) : line;
}
