/**
 * Turns what a terminal sends in raw mode into keys. Pure: the caller feeds
 * decoded text as it arrives, in chunks split anywhere (over a laggy SSH link
 * several keys come in one read, and an escape sequence can be cut in two).
 */
export type NamedKey = 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end' | 'enter' | 'tab' | 'backtab' | 'backspace' | 'escape' | 'interrupt' | 'suspend';

export type Key =
	| {name: NamedKey}
	| {name: 'char'; char: string}
	/**
	 * Text the terminal marked as pasted (bracketed paste): never commands.
	 * `text` is its beginning (at most PASTE_TEXT_KEPT characters, as sent:
	 * control characters included), `length` all of it.
	 */
	| {name: 'paste'; length: number; text: string}
	/** A sequence we do not use (function keys, modified arrows, …), consumed whole. */
	| {name: 'other'};

const ESC = '\u001B';
const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;
/** How much of a paste's text is kept (for a one-line prompt); the rest is only counted. */
export const PASTE_TEXT_KEPT = 256;

const CONTROL_KEYS: Record<string, NamedKey> = {
	'\r': 'enter',
	'\n': 'enter',
	'\t': 'tab',
	'\u0003': 'interrupt',
	'\u007F': 'backspace',
	'\b': 'backspace',
	'\u001A': 'suspend',
};

const ARROWS: Record<string, NamedKey> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end'};
/** `ESC [ n ~` keys (vt220 style; 1 and 7, 4 and 8 are Home and End in rxvt, the Linux console and tmux). */
const TILDE_KEYS: Record<string, NamedKey> = {'1': 'home', '4': 'end', '5': 'pageup', '6': 'pagedown', '7': 'home', '8': 'end'};

export class KeyParser {
	private pending = '';
	/** Characters pasted so far while inside a bracketed paste; undefined outside one. */
	private pasted?: number;
	/** The beginning of the paste so far (bounded). */
	private pastedText = '';

	/** The keys complete in what has arrived so far, in order. */
	push(text: string): Key[] {
		const input = this.pending + text;
		this.pending = '';
		const keys: Key[] = [];
		let index = 0;
		while (index < input.length) {
			if (this.pasted !== undefined) {
				index = this.skipPaste(input, index, keys);
				continue;
			}

			const char = input[index]!;
			if (char !== ESC) {
				const codePoint = String.fromCodePoint(input.codePointAt(index)!);
				index += codePoint.length;
				const control = CONTROL_KEYS[codePoint];
				if (control) keys.push({name: control});
				else if (codePoint >= ' ' && codePoint !== '\u007F') keys.push({name: 'char', char: codePoint});
				continue;
			}

			const sequence = escapeSequence(input, index);
			if (sequence === undefined) {
				this.pending = input.slice(index);
				break;
			}

			index += sequence.length;
			if (sequence === PASTE_START) {
				this.pasted = 0;
				this.pastedText = '';
			} else keys.push(keyOfSequence(sequence));
		}

		return keys;
	}

	/**
	 * A lone Esc cannot be told from the start of a sequence until a moment
	 * passes with nothing more: the caller calls this after that moment.
	 */
	flush(): Key[] {
		if (this.pending === '' || this.pasted !== undefined) return [];
		const pending = this.pending;
		// A terminal's answer under way (a reply to a query, split between reads): wait for its end.
		if (isStringStart(pending) && pending.length > 2 && !pending.endsWith(ESC)) return [];
		this.pending = '';
		if (isStringStart(pending) && pending.length > 2) return [{name: 'other'}, {name: 'escape'}];
		// Esc, or Esc followed by the start of a sequence that never finished.
		return pending === ESC ? [{name: 'escape'}] : [{name: 'other'}];
	}

	/** Something is waiting for more input (see flush). */
	get waiting(): boolean {
		return this.pending !== '' && this.pasted === undefined;
	}

	private skipPaste(input: string, index: number, keys: Key[]): number {
		const end = input.indexOf(PASTE_END, index);
		if (end !== -1) {
			this.keepPastedText(input, index, end);
			keys.push({name: 'paste', length: this.pasted! + end - index, text: this.pastedText});
			this.pasted = undefined;
			this.pastedText = '';
			return end + PASTE_END.length;
		}

		// The end marker may be cut: keep a tail that could be its beginning.
		let keep = 0;
		for (let length = Math.min(PASTE_END.length - 1, input.length - index); length > 0; length--) {
			if (input.endsWith(PASTE_END.slice(0, length))) {
				keep = length;
				break;
			}
		}

		this.keepPastedText(input, index, input.length - keep);
		this.pasted! += input.length - index - keep;
		this.pending = input.slice(input.length - keep);
		return input.length;
	}

	private keepPastedText(input: string, start: number, end: number): void {
		const room = PASTE_TEXT_KEPT - this.pastedText.length;
		if (room > 0) this.pastedText += input.slice(start, Math.min(end, start + room));
	}
}

/** The escape sequence at `index` (which holds ESC), or undefined when it is not complete yet. */
function escapeSequence(input: string, index: number): string | undefined {
	const next = input[index + 1];
	if (next === undefined) return undefined;
	if (next === 'O') {
		// SS3: one more character (arrows in application mode: ESC O A).
		return index + 2 < input.length ? input.slice(index, index + 3) : undefined;
	}

	if (next === '_' || next === 'P' || next === ']') return stringSequence(input, index);
	if (next !== '[') {
		// Esc followed by a key: Esc pressed, then that key (typed fast).
		return ESC;
	}

	for (let end = index + 2; end < input.length; end++) {
		const code = input.charCodeAt(end);
		if (code >= 0x40 && code <= 0x7e) return input.slice(index, end + 1);
		// Parameter and intermediate bytes only; anything else ends a malformed sequence.
		if (code < 0x20 || code > 0x3f) return input.slice(index, end);
	}

	return undefined;
}

/**
 * Terminals answer queries with strings: APC (`ESC _ ... ESC \`, kitty
 * graphics), DCS (`ESC P ... ESC \`, XTVERSION), OSC (`ESC ] ... BEL`). One
 * that arrives late (after the dashboard stopped waiting for it) is consumed
 * whole, never read as keys. Answers hold no control characters, so one (Ctrl-C)
 * or an ESC that does not end the string ends it there, and is read as a key;
 * so does anything past MAX_STRING characters, so a stray introducer
 * (Alt-P typed) cannot swallow the keyboard.
 */
const MAX_STRING = 1024;

function isStringStart(text: string): boolean {
	return text.startsWith(ESC) && (text[1] === '_' || text[1] === 'P' || text[1] === ']');
}

function stringSequence(input: string, index: number): string | undefined {
	const osc = input[index + 1] === ']';
	const limit = Math.min(input.length, index + MAX_STRING);
	for (let end = index + 2; end < limit; end++) {
		const code = input.charCodeAt(end);
		if (osc && code === 0x07) return input.slice(index, end + 1);
		if (code === 0x1b) {
			if (end + 1 >= input.length) return undefined;
			return input[end + 1] === '\\' ? input.slice(index, end + 2) : input.slice(index, end);
		}

		if (code < 0x20) return input.slice(index, end);
	}

	return limit === input.length && input.length - index < MAX_STRING ? undefined : input.slice(index, limit);
}

function keyOfSequence(sequence: string): Key {
	if (sequence === ESC) return {name: 'escape'};
	if (sequence === `${ESC}[Z`) return {name: 'backtab'};
	const arrow = /^\u001B[[O]([ABCDHF])$/.exec(sequence);
	if (arrow) return {name: ARROWS[arrow[1]!]!};
	const tilde = /^\u001B\[(\d)~$/.exec(sequence);
	const tildeKey = tilde && TILDE_KEYS[tilde[1]!];
	if (tildeKey) return {name: tildeKey};
	return {name: 'other'};
}
