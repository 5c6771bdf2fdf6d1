import {execFile} from 'node:child_process';
import {insideTmux} from './tmux-passthrough.js';
import {terminalFromEnvironment} from './terminal-from-environment.js';
import {decideGraphics, type GraphicsDecision, type TerminalEnvironment} from './terminal-probe-decision.js';
import {probeQueries} from './terminal-probe-queries.js';
import {parseTerminalName, TerminalReplyParser, type TerminalReplies} from './terminal-probe-replies.js';

/** Where the terminal's answers arrive: the keyboard's input, already in raw mode (else the terminal would echo them). */
export interface ProbeInput {
	on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
	off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
}

export interface ProbeOptions {
	env: TerminalEnvironment;
	/**
	 * How long to wait at most. A Raspberry Pi Zero over Wi-Fi, through SSH,
	 * can take most of a second to bring the answers back; a terminal that
	 * answers nothing costs this much at start-up, once.
	 */
	timeoutMs?: number;
	/** The id of the graphics query (any number; the answer names it). */
	queryId?: number;
	/** Inside tmux: what tmux knows of the outer terminal (tests replace it); see askTmuxForTerminal. */
	askTmux?: (timeoutMs: number) => Promise<string>;
}

export interface ProbeResult {
	replies: TerminalReplies;
	decision: GraphicsDecision;
	/** What was typed while waiting (and any answer left unfinished): for the key parser, in order. */
	keys: Buffer;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 1000;
const DEFAULT_QUERY_ID = 0x6e_63_6d;

/**
 * Asks the terminal what it can draw, and waits for the answers: until DA1
 * is answered (outside tmux: the last answer), or inside tmux until both
 * tmux's DA1 and the outer terminal's graphics answer came (tmux answers
 * DA1 itself, long before the outer terminal can), or until the timeout.
 * Never rejects: a terminal that cannot be written to, or answers nothing
 * or nonsense, gives the safe answer (text cells only).
 */
export async function probeTerminal(input: ProbeInput, write: (text: string) => void, options: ProbeOptions): Promise<ProbeResult> {
	const tmux = insideTmux(options.env);
	const parser = new TerminalReplyParser(options.queryId ?? DEFAULT_QUERY_ID);
	const complete = () => parser.replies.primaryAttributes !== undefined && (!tmux || parser.replies.kittyGraphics !== undefined);
	const keys: Buffer[] = [];
	const outerTerminal = tmux ? (options.askTmux ?? askTmuxForTerminal)(options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS).catch(() => '') : Promise.resolve('');
	await new Promise<void>(resolve => {
		const onData = (chunk: Buffer | string) => {
			parser.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
			keys.push(parser.takeKeys());
			if (complete()) done();
		};

		const done = () => {
			clearTimeout(timer);
			input.off('data', onData);
			resolve();
		};

		input.on('data', onData);
		const timer = setTimeout(done, options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
		try {
			write(probeQueries(options.queryId ?? DEFAULT_QUERY_ID, tmux, !tmux && terminalFromEnvironment(options.env) === 'linux'));
		} catch {
			// The terminal is gone: no answers will come.
			done();
		}
	});
	keys.push(parser.finish());
	// tmux answers the outer terminal's XTVERSION itself and keeps it: it is in #{client_termtype}.
	const outer = (await outerTerminal).trim();
	if (parser.replies.terminal === undefined && outer !== '') parser.replies.terminal = parseTerminalName(outer);
	return {replies: parser.replies, decision: decideGraphics(parser.replies, options.env), keys: Buffer.concat(keys)};
}

/**
 * The outer terminal's XTVERSION as tmux (3.3 and later) learnt it when the
 * client attached, e.g. `kitty(0.35.2)`: tmux keeps that answer to itself,
 * so a passthrough XTVERSION gets none. Empty with an older tmux.
 */
export async function askTmuxForTerminal(timeoutMs: number): Promise<string> {
	return new Promise(resolve => {
		execFile('tmux', ['display-message', '-p', '#{client_termtype}'], {timeout: timeoutMs}, (error, stdout) => {
			resolve(error ? '' : stdout.slice(0, 200));
		});
	});
}
