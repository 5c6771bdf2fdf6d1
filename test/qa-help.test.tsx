/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {HelpOverlay} from '../source/ui/help-overlay/help-overlay.js';
import {show} from './helpers/ink-render.js';

const PREVIEWS = 'sextant (quadrant at start: auto, in tmux: terminal unknown)';

/** The help box's text, each line without its borders and the padding. */
function helpLines(width: number, height = 21): string[] {
	const {lastFrame} = show(<HelpOverlay width={width} height={height} previews={PREVIEWS} />);
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

	it('keeps every key on an 80x24 terminal with a port problem above them', () => {
		const {lastFrame} = show(
			<HelpOverlay
				width={80}
				height={21}
				previews={PREVIEWS}
				portProblem={{state: 'waiting', name: '/dev/ttyACM0', detail: 'permission denied: your user may not open serial ports. sudo usermod -aG dialout $USER, then log out and in again'}}
			/>,
		);
		for (const key of ['d ', 'p  P', 'Enter', 'l ', 'f  /  n  N', 'r ', 's ', '? ', 'Ctrl-Z', 'q  Ctrl-C']) assert.ok(lastFrame()!.includes(`  ${key}`), key);
	});
});
