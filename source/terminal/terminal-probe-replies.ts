/**
 * Reads what a terminal answers to the probe queries (terminal-probe-queries.ts)
 * out of the bytes read from it, which also carry whatever the user types.
 * Pure and incremental: bytes go in as they are read, split anywhere; the
 * answers are collected, and every byte that is not part of one comes out
 * again, in order, to be handed to the key parser.
 */
export interface TerminalName {
	/** As the terminal gave it, printable ASCII only, at most 64 characters. */
	name: string;
	version: string;
}

export interface TerminalReplies {
	/** The graphics query's answer: true for OK, false for an error; undefined: no answer. */
	kittyGraphics?: boolean;
	/** The terminal's error message, when it said no (sanitised). */
	kittyError?: string;
	/** DA1's attributes (e.g. [62, 4, 22]); undefined: no answer. */
	primaryAttributes?: number[];
	/** XTVERSION's answer from the terminal (not from tmux). */
	terminal?: TerminalName;
	/** XTVERSION's answer from tmux, when it answered. */
	tmux?: TerminalName;
	/** The cell size in pixels (CSI 16 t). */
	cellPixels?: {width: number; height: number};
}

const ESC = 0x1b;
const BACKSLASH = 0x5c;
/** Longer answers are no answer of ours: skipped to their end, not kept. */
const MAX_SEQUENCE = 512;
const MAX_CSI = 32;

type State = 'ground' | 'escape' | 'csi' | 'string' | 'string-escape';

export class TerminalReplyParser {
	readonly replies: TerminalReplies = {};
	private state: State = 'ground';
	private stringKind: 'apc' | 'dcs' = 'apc';
	private sequence: number[] = [];
	private overflow = false;
	private keys: number[] = [];

	constructor(private readonly queryId: number) {}

	/** Feeds bytes read from the terminal. */
	push(bytes: Uint8Array): void {
		for (const byte of bytes) this.step(byte);
	}

	/** The bytes that were not answers, since the last call (typed keys, to be passed on). */
	takeKeys(): Buffer {
		const keys = Buffer.from(this.keys);
		this.keys = [];
		return keys;
	}

	/**
	 * Ends reading: a sequence still unfinished is handed on as it is, so the
	 * key parser sees it whole, with the rest that arrives later (a late
	 * answer is then consumed there, not taken for keys).
	 */
	finish(): Buffer {
		if (this.state !== 'ground') this.keys.push(...this.sequence);
		this.sequence = [];
		this.state = 'ground';
		return this.takeKeys();
	}

	private step(byte: number): void {
		switch (this.state) {
			case 'ground': {
				if (byte === ESC) this.begin('escape', byte);
				else this.keys.push(byte);
				return;
			}

			case 'escape': {
				if (byte === 0x5b) {
					this.state = 'csi';
					this.sequence.push(byte);
				} else if (byte === 0x5f || byte === 0x50) {
					this.state = 'string';
					this.stringKind = byte === 0x5f ? 'apc' : 'dcs';
					this.sequence.push(byte);
					this.overflow = false;
				} else {
					// Esc followed by a key (Alt-x, SS3 arrows): keys, not an answer.
					this.keys.push(ESC);
					this.state = 'ground';
					this.sequence = [];
					this.step(byte);
				}

				return;
			}

			case 'csi': {
				this.sequence.push(byte);
				if (byte >= 0x40 && byte <= 0x7e) this.endCsi();
				else if (byte < 0x20 || byte > 0x3f || this.sequence.length > MAX_CSI) this.giveBack();
				return;
			}

			case 'string': {
				if (byte === ESC) {
					this.state = 'string-escape';
				} else if (byte < 0x20) {
					// Answers hold no control characters: this was no answer; the control (Ctrl-C) is a key.
					this.sequence = [];
					this.state = 'ground';
					this.step(byte);
				} else if (this.sequence.length < MAX_SEQUENCE) {
					this.sequence.push(byte);
				} else {
					this.overflow = true;
				}

				return;
			}

			case 'string-escape': {
				if (byte === BACKSLASH) {
					if (!this.overflow) this.endString();
					this.sequence = [];
					this.state = 'ground';
				} else {
					// An ESC that is not the end of the string cancels it, and starts a new sequence.
					this.begin('escape', ESC);
					this.step(byte);
				}
			}
		}
	}

	private begin(state: State, byte: number): void {
		this.state = state;
		this.sequence = [byte];
	}

	private giveBack(): void {
		this.keys.push(...this.sequence);
		this.sequence = [];
		this.state = 'ground';
	}

	private endCsi(): void {
		const text = String.fromCharCode(...this.sequence.slice(2));
		const attributes = /^\?([\d;]*)c$/.exec(text);
		const cell = /^6;(\d{1,4});(\d{1,4})t$/.exec(text);
		if (attributes) {
			this.replies.primaryAttributes ??= attributes[1]!.split(';').filter(Boolean).map(Number);
		} else if (cell) {
			const height = Number(cell[1]);
			const width = Number(cell[2]);
			if (width > 0 && height > 0) this.replies.cellPixels = {width, height};
		} else {
			// Arrows, function keys: keys.
			this.giveBack();
			return;
		}

		this.sequence = [];
		this.state = 'ground';
	}

	private endString(): void {
		const text = String.fromCharCode(...this.sequence.slice(2));
		if (this.stringKind === 'apc') {
			const graphics = /^G([^;]*);(.*)$/s.exec(text);
			const id = graphics ? /(?:^|,)i=(\d+)(?:,|$)/.exec(graphics[1]!) : undefined;
			if (graphics && id && Number(id[1]) === this.queryId) {
				this.replies.kittyGraphics = graphics[2] === 'OK';
				if (graphics[2] !== 'OK') this.replies.kittyError = printable(graphics[2]!);
			}

			return;
		}

		const version = /^>\|(.*)$/s.exec(text);
		if (version) {
			const terminal = parseTerminalName(version[1]!);
			if (terminal.name.toLowerCase() === 'tmux') this.replies.tmux = terminal;
			else this.replies.terminal ??= terminal;
		}
	}
}

/** `kitty(0.35.2)`, `WezTerm 20240203-110809-5046fc22`, `XTerm(390)`, `tmux 3.4`, `ghostty 1.1.0`. */
export function parseTerminalName(text: string): TerminalName {
	const clean = printable(text);
	const match = /^([^\s(]+)\s*\(?([^)]*)\)?/.exec(clean);
	return match ? {name: match[1]!, version: match[2]!.trim()} : {name: clean, version: ''};
}

function printable(text: string): string {
	return text.replaceAll(/[^\u0020-\u007E]/g, '').slice(0, 64);
}
