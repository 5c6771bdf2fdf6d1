/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {HelpOverlay, helpLayout} from '../../../source/dashboard/help-overlay/help-overlay.js';
import type {PortView} from '../../../source/dashboard/dashboard-model.js';
import {show} from '../../helpers/ink-render.js';

const PREVIEWS = 'sextant (quadrant at start: auto, in tmux: terminal unknown)';

/** The help box's text, each line without its borders and the padding. */
function helpLines(width: number, height = 21, offset = 0, portProblem?: PortView): string[] {
	const {lastFrame} = show(<HelpOverlay width={width} height={height} help={helpLayout(width, height, portProblem, PREVIEWS)} offset={offset} />);
	return lastFrame()!
		.split('\n')
		.map(line => line.replace(/^[│╭╰]|[│╮╯]$/g, '').trim());
}

describe('help on an 80-column terminal', () => {
	for (const width of [80, 120]) {
		it(`shows every key's line whole at ${width} columns (none cut with …)`, () => {
			const lines = helpLines(width);
			const cut = lines.filter(line => line.endsWith('…'));
			assert.deepEqual(cut, [], lines.join('\n'));
		});
	}

	it('says what the zoom view keys and the s key do, and how the previews were chosen, in full', () => {
		const text = helpLines(80).join(' ').replaceAll(/\s+/g, ' ');
		assert.match(text, /Enter .*zoom.*←→.*Home\/End/);
		assert.match(text, /Esc back/);
		assert.match(text, /P cells: sextant \(quadrant at start: auto, in tmux: terminal unknown\)/);
		assert.match(text, /s troubled cameras first/);
	});

	it('names every reason an image goes to incomplete/', () => {
		const text = helpLines(120, 30).join(' ').replaceAll(/\s+/g, ' ');
		for (const reason of ['gap', 'hash-mismatch', 'not-jpeg', 'truncated', 'undecodable', 'superseded', 'timeout', 'oversize', 'shutdown']) {
			assert.match(text, new RegExp(`\\b${reason}\\b`), reason);
		}
	});

	it('on an 80x24 terminal with a port problem above the keys, every row is there to scroll to, none cut, and it says where it is', () => {
		const problem: PortView = {
			state: 'waiting',
			name: '/dev/ttyACM0',
			detail: 'permission denied: your user may not open serial ports. sudo usermod -aG dialout $USER, then log out and in again',
		};
		const {rows, visible, maxOffset} = helpLayout(80, 21, problem, PREVIEWS);
		assert.ok(maxOffset > 0, 'taller than the screen');
		const seen = new Set<string>();
		for (let offset = 0; offset <= maxOffset; offset++) {
			const lines = helpLines(80, 21, offset, problem);
			assert.equal(lines.length, 21);
			assert.match(lines.at(-2)!, new RegExp(`rows ${offset + 1}–${offset + visible} of ${rows.length}`));
			for (const line of lines.slice(1, -2)) seen.add(line);
		}

		const text = [...seen].join(' ').replaceAll(/\s+/g, ' ');
		for (const key of ['d ', 'p P', 'Enter', 'l ', 'f / n N', 'r ', 's ', '? ', 'Ctrl-Z', 'q Ctrl-C']) assert.ok(text.includes(key), key);
		assert.match(text, /log out and in again/);
		assert.match(text, /oversize, shutdown\)\.$/);
		assert.ok(![...seen].some(line => line.endsWith('…')), 'nothing cut');
	});
});
