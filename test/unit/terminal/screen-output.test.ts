import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {describe, it} from 'node:test';
import {glyphTranslation} from '../../../source/terminal/glyph-set.js';
import {ScreenOutput} from '../../../source/terminal/screen-output.js';

/** A terminal that records what is written to it. */
class RecordingTerminal extends EventEmitter {
	columns = 80;
	rows = 24;
	destroyed = false;
	written: string[] = [];
	write(text: string): boolean {
		this.written.push(text);
		return true;
	}
}

const ERASE_3 = '\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K\u001B[G';
const FROM_THE_TOP = '\u001B[H\u001B[J';
const ERASE_LINE = '\u001B[2K';
const moveTo = (row: number, column = 1) => `\u001B[${row};${column}H`;
const RESET = '\u001B[0m';

function setup() {
	const terminal = new RecordingTerminal();
	const output = new ScreenOutput(terminal as unknown as NodeJS.WriteStream);
	return {terminal, output};
}

describe('ScreenOutput', () => {
	it('draws the first frame from the top-left corner with the rest of the screen cleared, then only the lines that changed, whatever Ink erased', () => {
		const {terminal, output} = setup();
		output.write('first\nframe\nstays\n');
		output.write(`${ERASE_3}second\nframe\nstays\n`);
		output.write(`${ERASE_3}second\nframe\n`);
		output.write(`${ERASE_3}second\nframe\n`);
		assert.deepEqual(terminal.written, [`${FROM_THE_TOP}first\nframe\nstays\n`, `${moveTo(1)}${ERASE_LINE}second`, `${moveTo(3)}\u001B[J`]);
	});

	it('draws the whole frame again after a resize (the terminal may have moved its lines)', () => {
		const {terminal, output} = setup();
		output.write('a\nb\n');
		terminal.emit('resize');
		output.write('a\nc\n');
		assert.equal(terminal.written.at(-1), `${FROM_THE_TOP}a\nc\n`);
		output.dispose();
	});

	it('draws a picture over the frame once, again only when a line under it is written, and erases it when removed', async () => {
		const {terminal, output} = setup();
		output.write('header 1\n\n\nfooter\n');
		output.setOverlay('zoom', {row: 2, column: 3, rows: 2, data: '<sixel>'});
		assert.equal(terminal.written.length, 1, 'drawn after the next frame, which makes room for it');
		await new Promise(resolve => setTimeout(resolve, 300));
		assert.equal(terminal.written.at(-1), `${moveTo(2, 3)}<sixel>`, '…or soon when no frame comes');
		const before = terminal.written.length;
		output.write('header 2\n\n\nfooter\n');
		assert.deepEqual(terminal.written.slice(before), [`${moveTo(1)}${ERASE_LINE}header 2`], 'the clock line only: the picture stays');
		output.setOverlay('zoom', {row: 2, column: 3, rows: 2, data: '<sixel>'});
		assert.equal(terminal.written.length, before + 1, 'the same picture is not sent again');
		output.write('header 2\nnews\n\nfooter\n');
		assert.deepEqual(terminal.written.slice(before + 1), [`${moveTo(2)}${ERASE_LINE}news`, `${moveTo(2, 3)}<sixel>`]);
		output.repaint();
		assert.deepEqual(terminal.written.slice(-2), [`${FROM_THE_TOP}header 2\nnews\n\nfooter\n`, `${moveTo(2, 3)}<sixel>`]);
		output.setOverlay('zoom', undefined);
		assert.equal(terminal.written.at(-1), `${moveTo(2)}${ERASE_LINE}news${moveTo(3)}${ERASE_LINE}`);
		output.write('header 3\nnews\n\nfooter\n');
		assert.ok(!terminal.written.at(-1)!.includes('<sixel>'));
		output.setOverlay('zoom', {row: 3, column: 1, rows: 1, data: '<other>'});
		output.write('header 4\nnews\n\nfooter\n');
		assert.deepEqual(terminal.written.slice(-2), [`${moveTo(1)}${ERASE_LINE}header 4`, `${moveTo(3, 1)}<other>`], 'a new picture comes right after the next frame');
		output.dispose();
	});

	it('draws text cells over the frame at once, each line at its row, and again only when a line under them is written', () => {
		const {terminal, output} = setup();
		output.write('header 1\n|    |    |\n|    |    |\nfooter\n');
		const place = () => ({row: 2, column: 2});
		output.setOverlayText('a', {place, lines: ['\u001B[31m▀▀\u001B[39m', '▄▄']});
		const drawn = `${moveTo(2, 2)}\u001B[31m▀▀\u001B[39m${RESET}${moveTo(3, 2)}▄▄${RESET}`;
		assert.equal(terminal.written.at(-1), drawn, 'text is cheap: drawn at once');
		const before = terminal.written.length;
		output.write('header 2\n|    |    |\n|    |    |\nfooter\n');
		output.setOverlayText('a', {place, lines: ['\u001B[31m▀▀\u001B[39m', '▄▄'].slice()});
		assert.deepEqual(terminal.written.slice(before, before + 1), [`${moveTo(1)}${ERASE_LINE}header 2`], 'a tick leaves the picture alone');
		output.write('header 2\n|    |  x |\n|    |    |\nfooter\n');
		assert.deepEqual(terminal.written.slice(-2), [`${moveTo(2)}${ERASE_LINE}|    |  x |`, drawn], 'drawn again over a line written under it');
		output.dispose();
	});

	it('follows text cells where each frame puts them, writing the lines they left again', () => {
		const {terminal, output} = setup();
		output.write('header\n\n\nfooter\n');
		let row = 2;
		output.setOverlayText('a', {place: () => ({row, column: 1}), lines: ['ab']});
		row = 3;
		output.write('header\n\n\nfooter\n');
		assert.deepEqual(terminal.written.slice(-2), [`${moveTo(2)}${ERASE_LINE}`, `${moveTo(3, 1)}ab${RESET}`], 'the line it left written again, then drawn at its new place');
		output.write('header\n\n\nfoot\n');
		assert.ok(!terminal.written.at(-1)!.includes('ab'));
		output.dispose();
	});

	it('writes the lines of text cells replaced or removed again, with the other pictures on them', () => {
		const {terminal, output} = setup();
		output.write('header\n|  |  |\nfooter\n');
		output.setOverlayText('left', {place: () => ({row: 2, column: 2}), lines: ['LL']});
		output.setOverlayText('right', {place: () => ({row: 2, column: 5}), lines: ['RR']});
		output.setOverlayText('left', {place: () => ({row: 2, column: 2}), lines: ['L']});
		assert.equal(terminal.written.at(-1), `${moveTo(2)}${ERASE_LINE}|  |  |${moveTo(2, 5)}RR${RESET}${moveTo(2, 2)}L${RESET}`);
		output.setOverlayText('left', undefined);
		assert.equal(terminal.written.at(-1), `${moveTo(2)}${ERASE_LINE}|  |  |${moveTo(2, 5)}RR${RESET}`);
		output.dispose();
	});

	it("draws new text in the same cells over the old one without writing the line again (a clock's next second)", () => {
		const {terminal, output} = setup();
		output.write('header · up 0:00:01 · port\nfooter\n');
		const place = () => ({row: 1, column: 8});
		output.setOverlayText('up', {place, lines: ['\u001B[2m · up 0:00:02\u001B[22m']});
		assert.equal(terminal.written.at(-1), `${moveTo(1, 8)}\u001B[2m · up 0:00:02\u001B[22m${RESET}`);
		output.setOverlayText('up', {place, lines: ['\u001B[2m · up 0:00:03\u001B[22m']});
		assert.equal(terminal.written.at(-1), `${moveTo(1, 8)}\u001B[2m · up 0:00:03\u001B[22m${RESET}`, 'only the new text');
		output.setOverlayText('up', {place, lines: ['\u001B[2m · up 10:00:00\u001B[22m']});
		assert.equal(terminal.written.at(-1), `${moveTo(1)}${ERASE_LINE}header · up 0:00:01 · port${moveTo(1, 8)}\u001B[2m · up 10:00:00\u001B[22m${RESET}`, 'wider: the line first');
		output.dispose();
	});

	it('does not draw text cells while their place is unknown at a frame, writing their lines again', () => {
		const {terminal, output} = setup();
		output.write('header\n 7 s ago\nfooter\n');
		let place: {row: number; column: number} | undefined = {row: 2, column: 2};
		output.setOverlayText('ago', {place: () => place, lines: ['8 s ago']});
		place = undefined;
		output.write('header\n 10 s ago\nfooter\n');
		assert.equal(terminal.written.at(-1), `${moveTo(2)}${ERASE_LINE} 10 s ago`, "the frame's line alone");
		output.write('header 2\n 10 s ago\nfooter\n');
		assert.equal(terminal.written.at(-1), `${moveTo(1)}${ERASE_LINE}header 2`, 'still hidden');
		place = {row: 2, column: 2};
		output.write('header 3\n 10 s ago\nfooter\n');
		assert.equal(terminal.written.at(-1), `${moveTo(2, 2)}8 s ago${RESET}`, 'drawn again once it has a place');
		output.dispose();
	});

	it('draws text cells only as far as the frame goes, in the glyphs the screen has', () => {
		const terminal = new RecordingTerminal();
		const output = new ScreenOutput(terminal as unknown as NodeJS.WriteStream, glyphTranslation('ascii'));
		output.write('header\n\n');
		output.setOverlayText('a', {place: () => ({row: 2, column: 1}), lines: ['▀▄', '▀▄']});
		assert.equal(terminal.written.at(-1), `${moveTo(2, 1)}${glyphTranslation('ascii')!('▀▄')}${RESET}`, 'one line: the frame has two');
		assert.doesNotMatch(terminal.written.at(-1)!, /[▀▄]/);
		output.dispose();
	});

	it('passes other writes through and drops a bare erase (the next frame clears anyway)', () => {
		const {terminal, output} = setup();
		output.write('\u001B[?25l');
		output.write(ERASE_3);
		output.write('\u001B[?2026h');
		assert.deepEqual(terminal.written, ['\u001B[?25l', '\u001B[?2026h']);
	});

	it('draws the last frame again on demand, and after a resize when Ink draws nothing new', async () => {
		const {terminal, output} = setup();
		output.repaint();
		assert.deepEqual(terminal.written, [], 'nothing to draw yet');
		output.write('frame\n');
		output.repaint();
		assert.equal(terminal.written.at(-1), `${FROM_THE_TOP}frame\n`);
		let resizes = 0;
		output.on('resize', () => resizes++);
		terminal.emit('resize');
		assert.equal(resizes, 1, 'Ink and the size hook hear of the resize');
		await new Promise(resolve => setTimeout(resolve, 300));
		assert.equal(terminal.written.length, 3, 'drawn again after the resize');
		output.dispose();
	});

	it('while held (Ctrl-Z gave the terminal back) draws nothing, not even a ticking text, and everything again at repaint', async () => {
		const {terminal, output} = setup();
		output.write('up 0:00:01\nlast seen 4 s ago\n');
		output.setOverlayText('ago', {place: () => ({row: 2, column: 11}), lines: ['4 s ago']});
		output.setOverlay('zoom', {row: 1, column: 20, rows: 1, data: '<sixel>'});
		const before = terminal.written.length;
		output.hold();
		output.setOverlayText('ago', {place: () => ({row: 2, column: 11}), lines: ['5 s ago']});
		output.setOverlayText('ago', undefined);
		output.setOverlayText('ago', {place: () => ({row: 2, column: 11}), lines: ['6 s ago']});
		output.write('up 0:00:03\nlast seen      \n');
		terminal.emit('resize');
		await new Promise(resolve => setTimeout(resolve, 300));
		assert.deepEqual(terminal.written.slice(before), [], "the shell's screen is left alone");
		output.repaint();
		assert.equal(terminal.written.slice(before).join(''), `${FROM_THE_TOP}up 0:00:03\nlast seen      \n${moveTo(1, 20)}<sixel>${moveTo(2, 11)}6 s ago${RESET}`);
		const drawn = terminal.written.length;
		output.dispose();
		output.setOverlayText('ago', {place: () => ({row: 2, column: 11}), lines: ['7 s ago']});
		output.write('up 0:00:04\nlast seen      \n');
		assert.equal(terminal.written.length, drawn, 'nor anything once the dashboard is done');
	});

	it('drops writes once the terminal is gone, and calls back all the same', async () => {
		const {terminal, output} = setup();
		terminal.destroyed = true;
		assert.equal(output.writable, false);
		let calledBack = false;
		output.write('frame\n', () => (calledBack = true));
		await new Promise(resolve => process.nextTick(resolve));
		assert.equal(calledBack, true);
		assert.deepEqual(terminal.written, []);
	});
});
