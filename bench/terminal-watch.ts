import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

/** A private tmux server with one pane of a given size, running one command: the terminal the bench watches. */
export class BenchTerminal {
	// tmux's kill-server leaves the socket file behind: the server gets a folder of its own, removed on close.
	private readonly folder = mkdtempSync(path.join(tmpdir(), 'esp-cam-bench-tmux-'));
	private readonly socket = path.join(this.folder, 'socket');

	constructor(command: string, columns: number, rows: number) {
		this.tmux('new-session', '-d', '-s', 'bench', '-x', String(columns), '-y', String(rows), command);
	}

	/** The pid of the pane's process (the command is started with `exec`, so the program itself). */
	get pid(): number {
		return Number(this.tmux('display-message', '-p', '-t', 'bench', '#{pane_pid}').trim());
	}

	/** The screen's text; with `colours`, each change of colour or style as the SGR sequence tmux gives. */
	screen(colours = false): string {
		return this.tmux('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', 'bench');
	}

	/** Appends everything the program writes to the terminal from now on to `file`. */
	record(file: string): void {
		this.tmux('pipe-pane', '-t', 'bench', '-o', `cat >> ${file}`);
	}

	press(key: string): void {
		this.tmux('send-keys', '-t', 'bench', key);
	}

	close(): void {
		spawnSync('tmux', ['-S', this.socket, 'kill-server'], {stdio: 'ignore'});
		rmSync(this.folder, {recursive: true, force: true});
	}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	}
}

const SGR = /\u001B\[[\d;:]*m/y;

/** A captured line's cells: each character with the SGR sequences before it (a cell's colour changes its text). */
function cells(line: string): string[] {
	const found: string[] = [];
	let styles = '';
	for (let at = 0; at < line.length;) {
		SGR.lastIndex = at;
		const sgr = SGR.exec(line);
		if (sgr) {
			styles += sgr[0];
			at += sgr[0].length;
			continue;
		}

		const character = String.fromCodePoint(line.codePointAt(at)!);
		found.push(styles + character);
		styles = '';
		at += character.length;
	}

	return found;
}

const plain = (cell: string) => cell.replace(/\u001B\[[\d;:]*m/g, '');

/**
 * The preview rows of the panel of camera `mac` (aa:bb:…) on a captured screen
 * (with or without colours: see `screen`): the panel's rows below its `loss`
 * line, down to its bottom border. Undefined when the camera has no panel on screen.
 */
export function panelPreview(screen: string, mac: string): string | undefined {
	const lines = screen.split('\n').map(cells);
	const top = lines.findIndex(line => line.map(plain).join('').includes(mac));
	if (top < 0) return undefined;
	// Columns of the panel: from the border left of the MAC to the next border.
	const characters = lines[top]!.map(plain);
	const macAt = [...characters.join('').slice(0, characters.join('').indexOf(mac))].length;
	const left = characters.lastIndexOf('│', macAt);
	const right = characters.indexOf('│', macAt);
	const rows: string[] = [];
	let below = false;
	for (const line of lines.slice(top + 1)) {
		const panel = line.slice(left, right + 1);
		const text = panel.map(plain).join('');
		if (text.startsWith('╰') || text.startsWith('+')) break;
		if (below) rows.push(panel.join(''));
		else below = text.includes('loss ');
	}

	return rows.join('\n');
}
