import {spawnSync} from 'node:child_process';
import {terminalFromEnvironment, type TerminalEnvironment} from './terminal-from-environment.js';

/**
 * Which characters the dashboard may draw: `unicode` all it uses; `console`
 * those of the Linux console's fonts (the kernel's built-in CP437 font and
 * Debian's Lat15 fonts both have them); `ascii` printable ASCII only, for a
 * locale without UTF-8 (as htop and mc do).
 */
export type GlyphSet = 'unicode' | 'console' | 'ascii';

export interface LocaleEnvironment extends TerminalEnvironment {
	LC_ALL?: string;
	LC_CTYPE?: string;
	LANG?: string;
}

/**
 * Whether the character encoding of the locale is UTF-8, decided as the C
 * library does: the first of LC_ALL, LC_CTYPE, LANG that is set and not
 * empty names the locale; none, `C` or `POSIX` is not UTF-8 (glibc's C.UTF-8
 * says so in its name).
 */
export function localeIsUtf8(env: Readonly<LocaleEnvironment>): boolean {
	const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find(value => value !== undefined && value !== '') ?? '';
	const codeset = /\.([^@]*)/.exec(locale)?.[1] ?? '';
	return /^utf-?8$/i.test(codeset);
}

/**
 * Whether the C library sets this locale up with UTF-8: a locale the system
 * lacks (a login from a machine with another one) falls back to C, ASCII.
 * `locale charmap` answers as the C library does; without it, the name is believed.
 */
export function localeInstalledWithUtf8(env: Readonly<LocaleEnvironment>): boolean {
	const answer = spawnSync('locale', ['charmap'], {env: {...env}, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000});
	if (answer.error || answer.status !== 0) return true;
	return /^utf-?8$/i.test(answer.stdout.trim());
}

/** The glyph set for this terminal and locale; `forceUtf8` (--utf8) overrides the locale, not the console's font. */
export function chooseGlyphSet(env: Readonly<LocaleEnvironment>, forceUtf8 = false): GlyphSet {
	if (!forceUtf8 && !(localeIsUtf8(env) && localeInstalledWithUtf8(env))) return 'ascii';
	if (!env.TMUX && terminalFromEnvironment(env) === 'linux') return 'console';
	return 'unicode';
}

/**
 * Each character the dashboard draws that a set lacks, with its stand-in
 * there: [character, console, ascii]. Every stand-in is one column wide, as
 * the character is, so the layout stays as Ink measured it.
 */
const STAND_INS: readonly (readonly [string, string, string])[] = [
	// Ink's borders: 'round' (cli-boxes) and 'single'.
	['╭', '┌', '+'],
	['╮', '┐', '+'],
	['╰', '└', '+'],
	['╯', '┘', '+'],
	['┌', '┌', '+'],
	['┐', '┐', '+'],
	['└', '└', '+'],
	['┘', '┘', '+'],
	['─', '─', '-'],
	['│', '│', '|'],
	// Marks.
	['✔', '+', '+'],
	['✘', 'x', 'x'],
	['●', '■', '*'],
	['○', 'o', 'o'],
	['▸', '>', '>'],
	['·', '·', '|'],
	['…', '~', '~'],
	['—', '-', '-'],
	['–', '-', '-'],
	['’', "'", "'"],
	['→', '>', '>'],
	['←', '<', '<'],
	['↑', '^', '^'],
	['↓', 'v', 'v'],
	// Sparklines and battery bars: low to high.
	['▁', '_', '_'],
	['▂', '.', '.'],
	['▃', ':', ':'],
	['▄', '-', '-'],
	['▅', '=', '='],
	['▆', '+', '+'],
	['▇', '*', '*'],
	['█', '█', '#'],
	['▮', '█', '#'],
	['▯', '░', '-'],
];

/** Characters outside a set and not in STAND_INS: the console draws its own replacement; ASCII gets this. */
const UNKNOWN_IN_ASCII = '?';

export type GlyphTranslation = (text: string) => string;

/** Non-ASCII characters (escape sequences are ASCII and pass as they are). */
const NON_ASCII = /[^\u0000-\u007F]/gu;

/** The text with each character the set lacks replaced by its stand-in; undefined for `unicode` (nothing to do). */
export function glyphTranslation(set: GlyphSet): GlyphTranslation | undefined {
	if (set === 'unicode') return undefined;
	const column = set === 'console' ? 1 : 2;
	const standIns = new Map(STAND_INS.map(row => [row[0], row[column]]));
	const replace = (character: string) => standIns.get(character) ?? (set === 'ascii' ? UNKNOWN_IN_ASCII : character);
	return text => text.replace(NON_ASCII, replace);
}

/** Every character the set draws that is not ASCII (for checking against the console's fonts). */
export function consoleCharacters(): Set<string> {
	return new Set(STAND_INS.map(row => row[1]).filter(character => character.codePointAt(0)! > 0x7f));
}
