/** @jsxRuntime automatic */
/** @jsxImportSource react */
import '../../helpers/interactive-terminal.js'; // before Ink loads
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {Box, render, Text} from 'ink';
import {ScreenOutput} from '../../../source/terminal/screen-output.js';
import {PictureOverlayContext} from '../../../source/dashboard/preview/picture-overlay.js';
import {Preview} from '../../../source/dashboard/preview/preview.js';
import {PreviewCache} from '../../../source/dashboard/preview/preview-cache.js';
import {frameMatching, show} from '../../helpers/ink-render.js';

/** Kitty's placeholder cell: the character, then row and column as combining marks. */
const KITTY_CELL = '\u{10EEEE}\u0305\u030D';
/** What the preview thread would answer: 10 x 4 coloured cells (half blocks, octants, kitty's placeholders). */
const PICTURE = [
	'\u001B[38;5;196m▀▀▀▀▀\u001B[38;5;21m▄▄▄▄▄\u001B[39m',
	'\u001B[38;5;46m██████████\u001B[39m',
	`\u001B[48;5;226m${'\u{1CD00}\u{1CD01}'.repeat(5)}\u001B[49m`,
	`\u001B[38;2;0;0;7m${KITTY_CELL.repeat(10)}\u001B[39m`,
].join('\n');
const ANSI = /\u001B\[[\d;]*[A-Za-z]/g;

/** A terminal that records what is written to it. */
class RecordingTerminal extends EventEmitter {
	columns = 40;
	rows = 14;
	written: string[] = [];
	write(text: string): boolean {
		this.written.push(text);
		return true;
	}
}

function Screen({width, height}: {width: number; height: number}) {
	const cache = new PreviewCache(() => Promise.resolve(PICTURE));
	return (
		<Box flexDirection="column" width={40}>
			<Text>a title line</Text>
			<Box borderStyle="round" paddingX={1} width={30}>
				<Preview cache={cache} file="picture.jpg" width={width} height={height} />
			</Box>
			<Text>the end</Text>
		</Box>
	);
}

/** Row and column (1-based) of each picture line in a frame Ink drew with the picture in it. */
function placesInFrame(frame: string): {row: number; column: number}[] {
	const lines = frame.replace(ANSI, '').split('\n');
	const firsts = PICTURE.replace(ANSI, '').split('\n');
	return firsts.map(first => {
		const row = lines.findIndex(line => line.includes(first));
		return {row: row + 1, column: [...lines[row]!.slice(0, lines[row]!.indexOf(first))].length + 1};
	});
}

describe('a preview in text cells on a real screen', {timeout: 20_000}, () => {
	for (const [width, height] of [
		[26, 5],
		[25, 6],
		[11, 4],
	] as const) {
		it(`is not in Ink's frame: the screen draws its lines where Ink would have put them (${width}x${height} cells)`, async () => {
			const {lastFrame} = show(<Screen width={width} height={height} />);
			const expected = placesInFrame(await frameMatching(lastFrame, /██████████/));

			const terminal = new RecordingTerminal();
			const output = new ScreenOutput(terminal as unknown as NodeJS.WriteStream);
			const instance = render(
				<PictureOverlayContext.Provider value={output}>
					<Screen width={width} height={height} />
				</PictureOverlayContext.Provider>,
				{stdout: output as unknown as NodeJS.WriteStream, stdin: new PassThrough() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false},
			);
			try {
				for (let waited = 0; !terminal.written.join('').includes('██████████'); waited += 20) {
					assert.ok(waited < 5000, `no picture drawn:\n${terminal.written.join('\n')}`);
					await delay(20);
				}

				await delay(100);
				const frames = terminal.written.filter(text => text.includes('a title line'));
				assert.ok(frames.length > 0);
				for (const frame of frames) assert.doesNotMatch(frame, /[▀▄█]/, 'Ink lays out blank cells only');
				const drawn = terminal.written.join('');
				PICTURE.split('\n').forEach((line, index) => {
					const {row, column} = expected[index]!;
					assert.ok(drawn.includes(`\u001B[${row};${column}H${line}\u001B[0m`), `line ${index + 1} of the picture at ${row};${column}`);
				});
			} finally {
				instance.unmount();
				output.dispose();
			}
		});
	}
});
