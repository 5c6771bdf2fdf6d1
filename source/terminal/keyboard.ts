import {closeSync, openSync} from 'node:fs';
import {StringDecoder} from 'node:string_decoder';
import {isatty, ReadStream} from 'node:tty';
import {KeyParser, type Key} from './key-parser.js';

export type KeyListener = (keys: readonly Key[]) => void;

/** Where the dashboard's keys come from. */
export interface KeySource {
	subscribe(listener: KeyListener): () => void;
}

/** How long a lone Esc waits for the rest of a sequence before it counts as the Esc key. */
const ESCAPE_WAIT_MS = 40;
/** A terminal's DA1 answer (`ESC [ ? 62 ; 4 c`): the last of a probe's answers. */
const PRIMARY_ATTRIBUTES_ANSWER = /\u001B\[\?[\d;]*c/;
/** Enough of the input kept, while an answer is owed, to find one split between reads. */
const ANSWER_TAIL = 32;

/** Text in, keys out, in order, to every subscriber. The terminal-free half of Keyboard (tests feed it directly). */
export class KeyStream implements KeySource {
	private readonly parser = new KeyParser();
	private readonly listeners = new Set<KeyListener>();
	private escapeTimer?: NodeJS.Timeout;

	subscribe(listener: KeyListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	feed(text: string): void {
		clearTimeout(this.escapeTimer);
		this.emit(this.parser.push(text));
		if (this.parser.waiting) {
			this.escapeTimer = setTimeout(() => this.emit(this.parser.flush()), ESCAPE_WAIT_MS);
			this.escapeTimer.unref();
		}
	}

	stop(): void {
		clearTimeout(this.escapeTimer);
		this.listeners.clear();
	}

	private emit(keys: Key[]): void {
		if (keys.length === 0) return;
		for (const listener of this.listeners) listener(keys);
	}
}

/**
 * The keyboard in raw mode: stdin when it is a terminal, else the controlling
 * terminal /dev/tty (as fzf does, for `... < /dev/null`); raw mode also stops
 * the terminal from echoing what is typed onto the dashboard. None at all
 * without a terminal (e.g. `ssh host cmd` without -t, setsid).
 */
export class Keyboard extends KeyStream {
	private readonly decoder = new StringDecoder('utf8');
	private active = false;
	private closed = false;
	/** Set while the terminal owes the answer to a query (see expectAnswer); the text read since, its tail. */
	private owed?: {answered: Promise<void>; resolve: () => void; tail: string};

	private constructor(
		private readonly input: ReadStream,
		private readonly ownsInput: boolean,
		private readonly onGone: () => void,
	) {
		super();
		input.on('data', this.onData);
		// A hung-up terminal: EIO or end of input. Never thrown; the caller is told.
		input.on('error', this.gone);
		input.on('end', this.gone);
	}

	/** Opens the keyboard, or returns undefined when there is none. `onGone`: the terminal went away. */
	static open(onGone: () => void): Keyboard | undefined {
		if (process.stdin.isTTY) return new Keyboard(process.stdin, false, onGone);
		let fd: number | undefined;
		try {
			fd = openSync('/dev/tty', 'r');
			if (!isatty(fd)) throw new Error('not a terminal');
			return new Keyboard(new ReadStream(fd), true, onGone);
		} catch {
			if (fd !== undefined) closeSync(fd);
			return undefined;
		}
	}

	/** The raw input, for listening beside the keys (the terminal's answers to a query; the key parser drops them). */
	get rawInput(): Pick<ReadStream, 'on' | 'off'> {
		return this.input;
	}

	/** Raw mode on and reading (again, after a suspend). */
	start(): void {
		if (this.active || this.closed) return;
		this.active = true;
		this.setRawMode(true);
		this.input.resume();
	}

	/** Back to the terminal's normal mode (for a suspend, or at the end). */
	pause(): void {
		if (!this.active) return;
		this.active = false;
		this.setRawMode(false);
		this.input.pause();
	}

	/**
	 * The terminal was just asked something that ends with DA1 (terminal-probe.ts):
	 * until its answer arrives, drainAnswers waits for it, so that a slow
	 * terminal's answers are read here rather than left for the shell after exit.
	 */
	expectAnswer(): void {
		if (this.owed) return;
		let resolve!: () => void;
		const answered = new Promise<void>(done => {
			resolve = done;
		});
		this.owed = {answered, resolve, tail: ''};
	}

	/** Keeps reading (raw, answers dropped) until the owed answer came, or `maxMs` passed. */
	async drainAnswers(maxMs: number): Promise<void> {
		if (!this.owed || this.closed) return;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([this.owed.answered, new Promise<void>(resolve => (timer = setTimeout(resolve, maxMs)))]);
		clearTimeout(timer);
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.pause();
		this.stop();
		this.input.off('data', this.onData);
		if (this.ownsInput) this.input.destroy();
		else this.input.unref?.();
	}

	private setRawMode(on: boolean): void {
		try {
			this.input.setRawMode(on);
		} catch {
			// A terminal that is gone has no modes left to set.
		}
	}

	private readonly onData = (chunk: Buffer | string): void => {
		const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
		if (this.owed) this.watchForAnswer(text);
		this.feed(text);
	};

	private watchForAnswer(text: string): void {
		const owed = this.owed!;
		const seen = owed.tail + text;
		if (PRIMARY_ATTRIBUTES_ANSWER.test(seen)) {
			this.owed = undefined;
			owed.resolve();
		} else {
			owed.tail = seen.slice(-ANSWER_TAIL);
		}
	}

	private readonly gone = (): void => {
		if (this.closed) return;
		this.close();
		this.onGone();
	};
}
