import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {describe, it} from 'node:test';
import {KeyParser} from '../../../source/terminal/key-parser.js';
import {decideGraphics, type TerminalEnvironment} from '../../../source/terminal/terminal-probe-decision.js';
import {probeQueries} from '../../../source/terminal/terminal-probe-queries.js';
import {parseTerminalName, TerminalReplyParser} from '../../../source/terminal/terminal-probe-replies.js';
import {probeTerminal} from '../../../source/terminal/terminal-probe.js';
import {cellSize, kittyError, kittyOk, primaryAttributes, TERMINALS, xtversion} from '../../helpers/terminal-answers.js';

const ESC = '\u001B';
const ID = 31;

function parse(text: string, id = ID): {parser: TerminalReplyParser; keys: string} {
	const parser = new TerminalReplyParser(id);
	parser.push(Buffer.from(text));
	return {parser, keys: parser.finish().toString()};
}

function decide(text: string, env: TerminalEnvironment = {}) {
	return decideGraphics(parse(text).parser.replies, env);
}

describe('terminal replies', () => {
	it('reads each answer: graphics OK, XTVERSION, cell size, DA1 attributes', () => {
		const {parser, keys} = parse(TERMINALS.kitty(ID));
		assert.deepEqual(parser.replies, {kittyGraphics: true, terminal: {name: 'kitty', version: '0.35.2'}, cellPixels: {width: 10, height: 21}, primaryAttributes: [62]});
		assert.equal(keys, '');
	});

	it("a graphics error is a no, with its message; an answer to someone else's query is ignored", () => {
		assert.deepEqual(parse(kittyError(ID)).parser.replies, {kittyGraphics: false, kittyError: 'EINVAL:unsupported format'});
		const other = parse(kittyOk(99));
		assert.deepEqual(other.parser.replies, {});
		assert.equal(other.keys, '', 'consumed all the same');
	});

	it('the same answers split at every byte give the same result', () => {
		const text = `a${TERMINALS.wezterm(ID)}b`;
		const whole = parse(text);
		for (let cut = 1; cut < text.length; cut++) {
			const parser = new TerminalReplyParser(ID);
			parser.push(Buffer.from(text.slice(0, cut)));
			const first = parser.takeKeys().toString();
			parser.push(Buffer.from(text.slice(cut)));
			assert.deepEqual(parser.replies, whole.parser.replies, `cut at ${cut}`);
			assert.equal(first + parser.finish().toString(), 'ab', `cut at ${cut}`);
		}
	});

	it('keys typed while waiting come out in order, arrows and UTF-8 whole', () => {
		const text = `p${kittyOk(ID)}${ESC}[Aé${xtversion('foot(1.16.2)')}${ESC}OB\u0003${primaryAttributes('62;4')}q`;
		const {parser, keys} = parse(text);
		assert.equal(keys, `p${ESC}[Aé${ESC}OB\u0003q`);
		assert.equal(parser.replies.kittyGraphics, true);
		assert.deepEqual(parser.replies.primaryAttributes, [62, 4]);
	});

	it('garbage: an unterminated string, an overlong one, a control inside, nonsense CSI: nothing is taken for an answer it is not', () => {
		// An ESC inside a string cancels it: the DA1 after it still counts.
		assert.deepEqual(parse(`${ESC}_Gi=31;O${ESC}[?62;4c`).parser.replies, {primaryAttributes: [62, 4]});
		// Ctrl-C inside a would-be string is a key.
		assert.equal(parse(`${ESC}P>|kit\u0003ty`).keys, '\u0003ty');
		// An answer too long to be ours is skipped to its end, and is no answer.
		const long = parse(`${ESC}P>|${'x'.repeat(2000)}${ESC}\\z`);
		assert.deepEqual(long.parser.replies, {});
		assert.equal(long.keys, 'z');
		// Cell size of zero, CSI that is no answer: keys, not answers.
		const nonsense = parse(`${ESC}[6;0;0t${ESC}[15~${ESC}[?x`);
		assert.deepEqual(nonsense.parser.replies, {});
		assert.equal(nonsense.keys, `${ESC}[15~${ESC}[?x`);
		// Terminal names keep printable ASCII only, 64 characters at most.
		assert.deepEqual(parseTerminalName(`evil\u009B31m${'y'.repeat(100)}`).name.length, 64);
		assert.doesNotMatch(parse(xtversion('a\u00FF\u009Bb 1')).parser.replies.terminal!.name, /[^\u0020-\u007E]/);
	});

	it('an answer still arriving when the wait ends goes to the key parser whole, and is consumed there', () => {
		const parser = new TerminalReplyParser(ID);
		parser.push(Buffer.from(`x${ESC}P>|WezTerm 2024`));
		const handedOn = parser.finish().toString();
		const keys = new KeyParser();
		const names = [...keys.push(handedOn), ...keys.flush(), ...keys.push(`0203-110809-5046fc22${ESC}\\`), ...keys.push(primaryAttributes('65;4')), ...keys.push('q')].map(key =>
			key.name === 'char' ? key.char : key.name,
		);
		assert.deepEqual(names, ['x', 'other', 'other', 'q']);
	});
});

describe('the decision', () => {
	it('kitty 0.28+ and Ghostty: kitty placeholders, with the cell size they gave', () => {
		assert.deepEqual(decide(TERMINALS.kitty(ID)), {
			pixels: 'kitty',
			tmux: false,
			cell: {width: 10, height: 21},
			terminal: 'kitty',
			reason: 'kitty graphics with Unicode placeholders',
		});
		assert.equal(decide(TERMINALS.ghostty(ID)).pixels, 'kitty');
	});

	it('a kitty older than 0.28 draws no placeholders; neither do WezTerm or Konsole, which say OK too', () => {
		assert.equal(decide(kittyOk(ID) + xtversion('kitty(0.27.1)') + primaryAttributes('62;')).pixels, undefined);
		assert.equal(decide(TERMINALS.wezterm(ID)).pixels, 'iterm');
		assert.equal(decide(kittyOk(ID) + xtversion('Konsole 24.02') + primaryAttributes('62;4')).pixels, 'sixel');
	});

	it('kitty without XTVERSION is told by its environment; an OK from an unknown terminal is not enough', () => {
		assert.equal(decide(kittyOk(ID) + primaryAttributes('62;'), {TERM: 'xterm-kitty'}).pixels, 'kitty');
		assert.equal(decide(kittyOk(ID) + primaryAttributes('62;'), {KITTY_WINDOW_ID: '3'}).pixels, 'kitty');
		assert.equal(decide(kittyOk(ID) + primaryAttributes('62;')).pixels, undefined);
	});

	it('iTerm2 and WezTerm: inline images; foot, xterm -ti 340: sixel; a plain terminal: none, with the default cell size', () => {
		assert.equal(decide(xtversion('iTerm2 3.5.0') + primaryAttributes('62;4')).pixels, 'iterm');
		assert.equal(decide(primaryAttributes('62;4'), {LC_TERMINAL: 'iTerm2'}).pixels, 'iterm');
		assert.equal(decide(TERMINALS.foot()).pixels, 'sixel');
		assert.equal(decide(TERMINALS.xterm340()).pixels, 'sixel');
		const plain = decide(TERMINALS.plain());
		assert.equal(plain.pixels, undefined);
		assert.deepEqual(plain.cell, {width: 8, height: 16});
	});

	it('no answer at all is the safe answer, whatever the environment claims', () => {
		const none = decide('', {TERM: 'xterm-kitty', LC_TERMINAL: 'iTerm2'});
		assert.equal(none.pixels, undefined);
		assert.match(none.reason, /did not answer/);
	});

	it('inside tmux: kitty only when its answer came through passthrough; sixel when tmux itself says 4; never iTerm2', () => {
		const tmux = {TMUX: '/tmp/tmux-0/default,1,0', TERM_PROGRAM: 'tmux'};
		const tmuxAnswers = xtversion('tmux 3.4') + primaryAttributes('1;2');
		const withKitty = decide(tmuxAnswers + kittyOk(ID) + xtversion('kitty(0.35.2)'), tmux);
		assert.equal(withKitty.pixels, 'kitty');
		assert.equal(withKitty.tmux, true);
		assert.equal(withKitty.terminal, 'kitty', 'the outer terminal, not tmux');
		const passthroughOff = decide(tmuxAnswers, {...tmux, KITTY_WINDOW_ID: '1'});
		assert.equal(passthroughOff.pixels, undefined);
		assert.match(passthroughOff.reason, /allow-passthrough on/);
		assert.equal(decide(xtversion('tmux 3.4') + primaryAttributes('1;2;4'), tmux).pixels, 'sixel');
		assert.equal(decide(tmuxAnswers, {...tmux, LC_TERMINAL: 'iTerm2'}).pixels, undefined);
	});
});

describe('the queries', () => {
	it('outside tmux: graphics query, XTVERSION, cell size, and DA1 last', () => {
		assert.equal(probeQueries(ID, false), `${ESC}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA${ESC}\\${ESC}[>0q${ESC}[16t${ESC}[c`);
	});

	it("inside tmux: the outer terminal's through passthrough, then XTVERSION and DA1 for tmux", () => {
		const queries = probeQueries(ID, true);
		assert.ok(queries.startsWith(`${ESC}Ptmux;${ESC}${ESC}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA${ESC}${ESC}\\${ESC}\\`));
		assert.ok(queries.endsWith(`${ESC}\\${ESC}[>0q${ESC}[c`));
	});
});

/** A terminal's input as the prober sees it: the test plays the terminal. */
class FakeTerminal extends EventEmitter {
	written = '';
	readonly write = (text: string) => {
		this.written += text;
	};

	answer(text: string): void {
		this.emit('data', Buffer.from(text));
	}
}

describe('probeTerminal', () => {
	it('DA1 ends the wait, long before the timeout; typed keys come back', {timeout: 10_000}, async () => {
		const terminal = new FakeTerminal();
		const result = probeTerminal(terminal, terminal.write, {env: {}, timeoutMs: 60_000, queryId: ID});
		assert.equal(terminal.written, probeQueries(ID, false));
		terminal.answer(`d${TERMINALS.foot().slice(0, 10)}`);
		terminal.answer(`${TERMINALS.foot().slice(10)}q`);
		const {decision, keys} = await result;
		assert.equal(decision.pixels, 'sixel');
		assert.equal(keys.toString(), 'dq');
		assert.equal(terminal.listenerCount('data'), 0, 'stops listening');
	});

	it('nothing answers: the timeout ends the wait with the safe answer', async () => {
		const terminal = new FakeTerminal();
		const {decision, keys} = await probeTerminal(terminal, terminal.write, {env: {TERM: 'xterm-kitty'}, timeoutMs: 50, queryId: ID});
		assert.equal(decision.pixels, undefined);
		assert.equal(keys.length, 0);
		assert.equal(terminal.listenerCount('data'), 0);
	});

	it('an answer that comes after DA1 (late) is not read by the prober, and an unfinished one is handed on', async () => {
		const terminal = new FakeTerminal();
		const result = probeTerminal(terminal, terminal.write, {env: {}, timeoutMs: 60_000, queryId: ID});
		terminal.answer(`${primaryAttributes('62;')}${ESC}_Gi=31;O`);
		terminal.answer(`K${ESC}\\`);
		const {replies, keys} = await result;
		assert.equal(replies.kittyGraphics, undefined);
		assert.equal(keys.toString(), `${ESC}_Gi=31;O`);
	});

	it('a terminal that cannot be written to gives the safe answer at once', {timeout: 10_000}, async () => {
		const terminal = new FakeTerminal();
		const gone = () => {
			throw Object.assign(new Error('write EIO'), {code: 'EIO'});
		};

		const {decision} = await probeTerminal(terminal, gone, {env: {}, timeoutMs: 60_000, queryId: ID});
		assert.equal(decision.pixels, undefined);
		assert.equal(terminal.listenerCount('data'), 0);
	});

	it("inside tmux, tmux's quick DA1 does not end the wait: the outer terminal's graphics answer does", {timeout: 10_000}, async () => {
		const terminal = new FakeTerminal();
		let settled = false;
		const result = probeTerminal(terminal, terminal.write, {env: {TMUX: '/tmp/tmux-0/default,1,0'}, timeoutMs: 60_000, queryId: ID, askTmux: () => Promise.resolve('')});
		void result.then(() => {
			settled = true;
		});
		assert.equal(terminal.written, probeQueries(ID, true));
		terminal.answer(xtversion('tmux 3.4') + primaryAttributes('1;2'));
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(settled, false, 'still waiting for the outer terminal');
		terminal.answer(kittyOk(ID) + xtversion('kitty(0.35.2)') + cellSize(10, 20));
		const {decision} = await result;
		assert.equal(decision.pixels, 'kitty');
		assert.equal(decision.tmux, true);
	});

	it("inside tmux, the outer terminal's name comes from tmux (it keeps the XTVERSION answer to itself)", {timeout: 10_000}, async () => {
		const probe = async (outer: string) => {
			const terminal = new FakeTerminal();
			const result = probeTerminal(terminal, terminal.write, {env: {TMUX: '/tmp/tmux-0/default,1,0'}, timeoutMs: 60_000, queryId: ID, askTmux: () => Promise.resolve(outer)});
			terminal.answer(primaryAttributes('1;2') + kittyOk(ID));
			return result;
		};

		const kitty = await probe('kitty(0.35.2)\n');
		assert.equal(kitty.decision.pixels, 'kitty');
		assert.deepEqual(kitty.replies.terminal, {name: 'kitty', version: '0.35.2'});
		assert.equal((await probe('WezTerm 20240203-110809-5046fc22\n')).decision.pixels, undefined, 'WezTerm says OK but draws no placeholders');
		assert.equal((await probe('')).decision.pixels, undefined, 'an older tmux does not know: no guessing');
	});
});
