import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {KeyParser, PASTE_TEXT_KEPT, type Key} from '../../../source/terminal/key-parser.js';

const names = (keys: Key[]) => keys.map(key => (key.name === 'char' ? key.char : key.name === 'paste' ? `paste(${key.length})` : key.name));

function parseWhole(text: string): string[] {
	const parser = new KeyParser();
	return names([...parser.push(text), ...parser.flush()]);
}

/** The same text split at every point (and fed one character at a time) gives the same keys. */
function assertSplitsAgree(text: string, expected: string[]): void {
	assert.deepEqual(parseWhole(text), expected, 'whole');
	for (let cut = 1; cut < text.length; cut++) {
		const parser = new KeyParser();
		const keys = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut)), ...parser.flush()];
		assert.deepEqual(names(keys), expected, `cut at ${cut}`);
	}

	const parser = new KeyParser();
	const keys = [...[...text].flatMap(char => parser.push(char)), ...parser.flush()];
	assert.deepEqual(names(keys), expected, 'one character at a time');
}

describe('KeyParser', () => {
	it('several keys in one read each count, in order', () => {
		assert.deepEqual(parseWhole('pd'), ['p', 'd']);
		assert.deepEqual(parseWhole('dq'), ['d', 'q']);
		assert.deepEqual(parseWhole('\u0003\u0003'), ['interrupt', 'interrupt']);
		assert.deepEqual(parseWhole('\u001A'), ['suspend']);
		assert.deepEqual(parseWhole('\t\u001B[Z\r'), ['tab', 'backtab', 'enter']);
	});

	it('arrows mixed with letters, split anywhere', () => {
		assertSplitsAgree('\u001B[Apd\u001B[B\u001BOC\u001B[Dq', ['up', 'p', 'd', 'down', 'right', 'left', 'q']);
	});

	it('keys it does not use are consumed whole, not read as letters', () => {
		assertSplitsAgree('\u001B[1;5A\u001B[15~\u001B[3~p', ['other', 'other', 'other', 'p']);
	});

	it('a lone Esc waits for a moment (flush); Esc followed by a key is both', () => {
		const parser = new KeyParser();
		assert.deepEqual(parser.push('\u001B'), []);
		assert.equal(parser.waiting, true);
		assert.deepEqual(names(parser.flush()), ['escape']);
		assert.equal(parser.waiting, false);
		assert.deepEqual(parseWhole('\u001Bq'), ['escape', 'q']);
		assert.deepEqual(parseWhole('\u001B\u001B[A'), ['escape', 'up']);
	});

	it('a bracketed paste is one paste, never commands, split anywhere', () => {
		assertSplitsAgree('d\u001B[200~pdq\u0003\u001B[A\r\u001B[201~l', ['d', 'paste(8)', 'l']);
		assertSplitsAgree('\u001B[200~\u001B[201~', ['paste(0)']);
		// A paste that looks like the end marker's beginning but is not.
		assertSplitsAgree('\u001B[200~a\u001B[20x\u001B[201~q', ['paste(6)', 'q']);
	});

	it('a long paste costs no memory: only its length is kept', () => {
		const parser = new KeyParser();
		parser.push('\u001B[200~');
		for (let i = 0; i < 1000; i++) assert.deepEqual(parser.push('q'.repeat(1000)), []);
		assert.deepEqual(names(parser.push('\u001B[201~q')), ['paste(1000000)', 'q']);
	});

	it('text keys: letters, digits, non-ASCII; Backspace (DEL or Ctrl-H); other control characters are ignored', () => {
		assert.deepEqual(parseWhole('?é€\u007F\u0001x\b'), ['?', 'é', '€', 'backspace', 'x', 'backspace']);
	});

	it('PgUp, PgDn, Home and End in the forms terminals send them, split anywhere', () => {
		assertSplitsAgree('\u001B[5~\u001B[6~a\u001B[H\u001B[F\u001BOH\u001BOF', ['pageup', 'pagedown', 'a', 'home', 'end', 'home', 'end']);
		// rxvt, the Linux console and tmux send these forms.
		assertSplitsAgree('\u001B[1~\u001B[4~\u001B[7~\u001B[8~', ['home', 'end', 'home', 'end']);
		// Modified forms are other keys.
		assertSplitsAgree('\u001B[5;5~\u001B[1;2H', ['other', 'other']);
	});

	it('a paste keeps the beginning of its text (bounded), split anywhere', () => {
		const input = '\u001B[200~camera 1\u001B[20x\u001B[201~q';
		for (let cut = 1; cut < input.length; cut++) {
			const parser = new KeyParser();
			const keys = [...parser.push(input.slice(0, cut)), ...parser.push(input.slice(cut)), ...parser.flush()];
			assert.deepEqual(
				keys.map(key => (key.name === 'paste' ? key.text : key.name === 'char' ? key.char : key.name)),
				['camera 1\u001B[20x', 'q'],
				`cut at ${cut}`,
			);
		}

		const parser = new KeyParser();
		parser.push('\u001B[200~');
		for (let i = 0; i < 1000; i++) parser.push('ab'.repeat(500));
		const [paste] = parser.push('\u001B[201~');
		assert.equal(paste?.name, 'paste');
		assert.equal(paste.name === 'paste' && paste.length, 1_000_000);
		assert.equal(paste.name === 'paste' && paste.text, 'ab'.repeat(PASTE_TEXT_KEPT / 2));
	});

	it("a terminal's late answers to the probe are consumed whole, never read as keys, split anywhere", () => {
		const kitty = '\u001B_Gi=31;OK\u001B\\';
		const kittyError = '\u001B_Gi=31;EINVAL:unsupported format\u001B\\';
		// XTVERSION answers hold letters that are keys here: d(ebug), r(eset), q(uit) in "WezTerm 2024…-5046fc22".
		const version = '\u001BP>|WezTerm 20240203-110809-5046fc22\u001B\\';
		const attributes = '\u001B[?62;4;22c';
		const cellSize = '\u001B[6;16;8t';
		const osc = '\u001B]11;rgb:0000/0000/0000\u0007';
		assertSplitsAgree(`p${kitty}${version}${cellSize}${attributes}d`, ['p', 'other', 'other', 'other', 'other', 'd']);
		assertSplitsAgree(`${kittyError}${osc}q`, ['other', 'other', 'q']);
	});

	it('an answer cut by a long pause between reads still waits for its end (flush does not split it)', () => {
		const parser = new KeyParser();
		assert.deepEqual(parser.push('\u001BP>|kitty(0.3'), []);
		assert.deepEqual(parser.flush(), []);
		assert.deepEqual(names(parser.push('5.2)\u001B\\q')), ['other', 'q']);
	});

	it('a stray string introducer cannot swallow the keyboard: Ctrl-C, Esc, arrows and 1024 characters end it', () => {
		assert.deepEqual(parseWhole('\u001B_qq\u0003q'), ['other', 'interrupt', 'q']);
		assert.deepEqual(parseWhole('\u001BPq\u001B[Aq'), ['other', 'up', 'q']);
		const parser = new KeyParser();
		assert.deepEqual(names([...parser.push('\u001BPdd\u001B'), ...parser.flush()]), ['other', 'escape']);
		assert.deepEqual(names([...parser.push('\u001B_'), ...parser.flush(), ...parser.push('q')]), ['other', 'q']);
		const long = new KeyParser();
		assert.deepEqual(names(long.push(`\u001B_${'x'.repeat(1022)}`)), ['other']);
		assert.deepEqual(names(long.push('q')), ['q']);
	});
});
