import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {CLI} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

/** A panel line that is a picture: in tmux, `auto` draws quadrants. */
const PREVIEW_BLOCK = /│ *[▀▄█▌▐▖▗▘▙▚▛▜▝▞▟][▀▄█▌▐▖▗▘▙▚▛▜▝▞▟ ]{3,}│/;
const PICTURE_GLYPH = /[▀▄█▌▐▖▗▘▙▚▛▜▝▞▟]/;

/** The lines of the screen that hold previews, with their colours, by line number. */
function previewLines(terminal: TmuxTerminal): Map<number, string> {
	const plain = terminal.screen().split('\n');
	const coloured = terminal.screenWithColours().split('\n');
	const lines = new Map<number, string>();
	plain.forEach((line, index) => {
		if (PREVIEW_BLOCK.test(line)) lines.set(index, coloured[index]!);
	});
	return lines;
}

async function previewsAsBefore(terminal: TmuxTerminal, before: Map<number, string>, after: string): Promise<void> {
	for (let waited = 0; ; waited += 100) {
		const now = previewLines(terminal);
		if (now.size === before.size && [...before].every(([index, line]) => now.get(index) === line)) return;
		if (waited > 10_000) assert.deepEqual(now, before, `the previews as they were, after ${after}:\n${terminal.screen()}`);
		await delay(100);
	}
}

describe('previews drawn over the frame by the screen (tmux, 120x40)', {timeout: 120_000}, () => {
	it('are on screen, and back exactly as they were after help, zoom, the full-screen log, p and a resize', async () => {
		const root = tempDir();
		const stream = path.join(root, 'relay.bin');
		execFileSync(process.execPath, [CLI, 'simulate', stream, '--cameras', '3', '--images', '3', '--seed', '5']);
		const terminal = new TmuxTerminal(
			`${process.execPath} ${CLI} --replay ${stream} --out ${path.join(root, 'images')}; sleep 60`,
			{columns: 120, rows: 40},
			{TERM: 'xterm-256color'},
		);
		try {
			await terminal.waitFor(screen => screen.includes('finished') && screen.includes('images 3 good') && !screen.includes('decoding'), 'the images of the stream');
			await terminal.waitFor(screen => PREVIEW_BLOCK.test(screen), 'preview blocks');
			await delay(500);
			const before = previewLines(terminal);
			assert.ok(before.size >= 2, `preview lines:\n${terminal.screen()}`);
			for (const line of before.values()) assert.equal(line.match(/\u001B\[(?:38|48);(?:5|2);/g) === null, false, 'in colour');
			const steps: [string[], RegExp, string[]][] = [
				[['?'], /Keys|help/i, ['Escape']],
				[['Enter'], /Esc back/, ['Escape']],
				[['l'], /\b(?:l|Esc)\b.*(?:pane|back|dashboard)|search/i, ['Escape']],
				[['p'], /previews off/, ['p']],
			];
			for (const [keys, shown, back] of steps) {
				terminal.press(...keys);
				const zoom = keys[0] === 'Enter';
				const over = await terminal.waitFor(screen => shown.test(screen) && (zoom || !PREVIEW_BLOCK.test(screen)), `the view of ${keys.join(' ')}`);
				await delay(300);
				const plain = terminal.screen().split('\n');
				if (!zoom) for (const index of before.keys()) assert.doesNotMatch(plain[index]!, PICTURE_GLYPH, `no preview left over the view of ${keys.join(' ')}:\n${over}`);
				terminal.press(...back);
				await previewsAsBefore(terminal, before, `${keys.join(' ')} then ${back.join(' ')}`);
			}

			terminal.resize(100, 30);
			await terminal.waitFor(screen => screen.split('\n').length <= 31 && !screen.includes('decoding'), 'the smaller screen');
			await delay(500);
			terminal.resize(120, 40);
			await previewsAsBefore(terminal, before, 'a resize and back');
		} finally {
			terminal.close();
		}
	});
});
