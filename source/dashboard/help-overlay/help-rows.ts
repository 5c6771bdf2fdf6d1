import type {PortView} from '../dashboard-model.js';

const KEYS: [string, string][] = [
	['d', 'debug: one log line per frame (type, seq, checksum) on/off'],
	['p  P', 'previews of the last good image on/off · P: the next kind of cells (octant, sextant, quadrant, half blocks, coloured spaces) or pixels'],
	['←→ ↑↓ Tab', 'select a camera'],
	['Enter', 'zoom: ←→ older/newer, Home/End, also earlier runs’ (Esc back)'],
	['l', 'log: pane → full screen → hidden'],
	['↑↓ PgUp/Dn', 'full-screen log: scroll (Home oldest, End newest, following)'],
	['f  /  n  N', 'full-screen log: this camera, search, next/previous match'],
	['r', 'count from zero on screen (the exit summary counts all)'],
	['s', 'troubled cameras first (overdue, battery, loss) / usual order'],
	['?', 'this help (Esc closes; ↑↓ PgUp PgDn Home End scroll it)'],
	['Ctrl-Z', 'suspend (fg to come back)'],
	['q  Ctrl-C', 'quit: open images are kept in incomplete/, then exit'],
];

const FOLDERS =
	'Good images go to the output folder (verified: SHA-256 matches the camera’s HASH; unverified: the HASH was lost). ' +
	'Everything else that arrived goes to incomplete/, named with the reason (gap, hash-mismatch, not-jpeg, truncated, undecodable, superseded, timeout, oversize, shutdown).';

/** Columns of the key beside its text. */
export const KEY_COLUMNS = 12;

/** A row of the help, already cut to the width: `key` is set on a key's first row. */
export interface HelpRow {
	text: string;
	key?: string;
	style?: 'problem' | 'title' | 'dim';
}

/** Every row of the help at `width` columns of text, wrapped at spaces (nothing is cut: help scrolls instead). */
export function helpRows(width: number, portProblem?: PortView, previews?: string): HelpRow[] {
	const rows: HelpRow[] = [];
	if (portProblem) {
		for (const text of wrapWords(`${portProblem.state} ${portProblem.name}: ${portProblem.detail}`, width)) rows.push({text, style: 'problem'});
		rows.push({text: ''});
	}

	rows.push({text: 'Keys', style: 'title'});
	for (const [key, what] of KEYS) {
		const text = key === 'p  P' && previews ? `previews on/off · P cells: ${previews}` : what;
		wrapWords(text, Math.max(1, width - KEY_COLUMNS)).forEach((line, index) => rows.push(index === 0 ? {key, text: line} : {key: '', text: line}));
	}

	rows.push({text: ''});
	for (const text of wrapWords(FOLDERS, width)) rows.push({text, style: 'dim'});
	return rows;
}

/** `text` in lines of at most `width` characters, broken at spaces (a longer word is broken where it must). */
export function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (let word of text.split(' ')) {
		while (word.length > width) {
			if (line !== '') lines.push(line);
			lines.push(word.slice(0, width));
			word = word.slice(width);
			line = '';
		}

		if (line === '') line = word;
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else {
			lines.push(line);
			line = word;
		}
	}

	lines.push(line);
	return lines;
}
