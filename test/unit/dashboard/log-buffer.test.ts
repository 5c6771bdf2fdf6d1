import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Key} from '../../../source/terminal/key-parser.js';
import {LogBuffer} from '../../../source/dashboard/log-view/log-buffer.js';
import {FOLLOWING, newSincePause, placeOf, reveal, scrollBy, scrollHome, visibleLines, type LogScroll} from '../../../source/dashboard/log-view/log-scroll.js';
import {LogViewModel, MAX_QUERY_LENGTH} from '../../../source/dashboard/log-view/log-view-model.js';

const A = 0xaaaaaaaaaaaa;
const B = 0xbbbbbbbbbbbb;

/** Lines `line 1` … `line n`; every third about camera A, the others about B or (every fifth) no camera. */
function filled(count: number, capacity = 10_000): LogBuffer<string> {
	const buffer = new LogBuffer<string>(capacity);
	for (let n = 1; n <= count; n++) buffer.push(`line ${n}`, cameraOfLine(n));
	return buffer;
}

function cameraOfLine(n: number): number | undefined {
	return n % 3 === 0 ? A : n % 5 === 0 ? undefined : B;
}

const char = (value: string): Key => ({name: 'char', char: value});
const named = (name: 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end' | 'enter' | 'escape' | 'backspace' | 'interrupt'): Key => ({name});

function model(buffer: LogBuffer<string>): LogViewModel {
	const view = new LogViewModel(buffer, id => buffer.get(id));
	view.mode = 'full';
	return view;
}

function press(view: LogViewModel, keys: (Key | string)[], context = {rows: 5, camera: A as number | undefined}): boolean[] {
	return keys.flatMap(key => (typeof key === 'string' ? [...key].map(c => view.takeKey(char(c), context)) : [view.takeKey(key, context)]));
}

describe('LogBuffer: a bounded ring', () => {
	it('keeps the newest lines up to its capacity, ids in arrival order, each with its camera', () => {
		const buffer = new LogBuffer<string>(4);
		assert.equal(buffer.size, 0);
		assert.equal(buffer.step(0, 1, undefined), undefined);
		for (let n = 1; n <= 10; n++) assert.equal(buffer.push(`line ${n}`, n % 2 === 0 ? A : undefined), n);
		assert.equal(buffer.size, 4);
		assert.equal(buffer.firstId, 7);
		assert.equal(buffer.lastId, 10);
		assert.equal(buffer.get(6), undefined, 'dropped');
		assert.equal(buffer.get(7), 'line 7');
		assert.equal(buffer.get(10), 'line 10');
		assert.equal(buffer.cameraOf(8), A);
		assert.equal(buffer.cameraOf(9), undefined);
	});

	it('holds 10,000 lines of a long run and no more', () => {
		const buffer = filled(25_000);
		assert.equal(buffer.size, 10_000);
		assert.equal(buffer.get(15_001), 'line 15001');
		assert.equal(buffer.get(15_000), undefined);
	});

	it('the camera filter: steps and counts only the lines about that camera; lines about no camera are left out', () => {
		const buffer = filled(20);
		assert.equal(buffer.step(0, 1, A), 3);
		assert.equal(buffer.step(3, 1, A), 6);
		assert.equal(buffer.step(21, -1, A), 18);
		assert.equal(buffer.step(18, 1, A), undefined);
		assert.equal(buffer.countAfter(0, A), 6);
		assert.equal(buffer.countAfter(0, undefined), 20);
		assert.equal(buffer.countAfter(10, B), 6, '11 13 14 16 17 19 (not 15: A, nor 20: no camera)');
		assert.deepEqual(visibleLines(buffer, FOLLOWING, 4, A), [9, 12, 15, 18]);
		assert.deepEqual(visibleLines(buffer, FOLLOWING, 4, undefined), [17, 18, 19, 20]);
	});

	it('search: next and previous, wrapping round either end, the line searched from coming last', () => {
		const buffer = new LogBuffer<string>(100);
		for (const text of ['boot', 'EOF a', 'data', 'eof b', 'data', 'EoF c']) buffer.push(text, text.endsWith('b') ? B : A);
		const eof = (id: number) => /eof/i.test(buffer.get(id)!);
		assert.deepEqual(buffer.find(7, -1, undefined, eof), {id: 6, wrapped: false}, 'from below the newest line');
		assert.deepEqual(buffer.find(6, -1, undefined, eof), {id: 4, wrapped: false});
		assert.deepEqual(buffer.find(2, -1, undefined, eof), {id: 6, wrapped: true});
		assert.deepEqual(buffer.find(6, 1, undefined, eof), {id: 2, wrapped: true});
		assert.deepEqual(buffer.find(2, 1, A, eof), {id: 6, wrapped: false}, 'the filter skips B');
		assert.deepEqual(buffer.find(4, 1, B, eof), {id: 4, wrapped: true}, 'the only match: itself, round the end');
		assert.equal(
			buffer.find(7, -1, undefined, () => false),
			undefined,
		);
	});

	it('search wraps within what is kept once old lines are gone', () => {
		const buffer = filled(30, 10);
		const seven = (id: number) => buffer.get(id)!.endsWith('7');
		assert.deepEqual(buffer.find(25, 1, undefined, seven), {id: 27, wrapped: false});
		assert.deepEqual(buffer.find(27, 1, undefined, seven), {id: 27, wrapped: true});
		assert.deepEqual(buffer.find(3, 1, undefined, seven), {id: 27, wrapped: false}, 'from a line no longer kept');
	});
});

describe('the full-screen log: follow and paused', () => {
	it('follows the newest lines; scrolling up pauses and holds the view while lines come in, counting them', () => {
		const buffer = filled(20);
		let scroll: LogScroll = FOLLOWING;
		assert.deepEqual(visibleLines(buffer, scroll, 5, undefined), [16, 17, 18, 19, 20]);
		buffer.push('line 21', cameraOfLine(21));
		assert.deepEqual(visibleLines(buffer, scroll, 5, undefined), [17, 18, 19, 20, 21], 'following moves');
		scroll = scrollBy(buffer, scroll, 5, undefined, -2);
		assert.deepEqual(scroll, {follow: false, top: 15, pausedAt: 21});
		for (let n = 22; n <= 24; n++) buffer.push(`line ${n}`, cameraOfLine(n));
		assert.deepEqual(visibleLines(buffer, scroll, 5, undefined), [15, 16, 17, 18, 19], 'paused holds');
		assert.equal(newSincePause(buffer, scroll, undefined), 3);
		assert.equal(newSincePause(buffer, scroll, A), 1, 'only line 24 is about A');
		assert.deepEqual(placeOf(buffer, 15, undefined), {place: 15, total: 24});
		assert.deepEqual(placeOf(buffer, 15, A), {place: 5, total: 8});
	});

	it('PgUp/PgDn, Home and End; reaching the end going down follows again', () => {
		const buffer = filled(100);
		let scroll = scrollBy(buffer, FOLLOWING, 10, undefined, -9);
		assert.equal(visibleLines(buffer, scroll, 10, undefined)[0], 82);
		scroll = scrollHome(buffer, scroll, undefined);
		assert.deepEqual(visibleLines(buffer, scroll, 10, undefined), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		assert.deepEqual(scrollBy(buffer, scroll, 10, undefined, -1), {...scroll, top: 1}, 'nothing above the first line');
		scroll = scrollBy(buffer, scroll, 10, undefined, 9);
		assert.equal(visibleLines(buffer, scroll, 10, undefined)[0], 10);
		assert.equal(scroll.follow, false);
		scroll = scrollBy(buffer, scroll, 10, undefined, 200);
		assert.equal(scroll.follow, true, 'the bottom: following again');
	});

	it('a view held at lines that are no longer kept shows the oldest kept', () => {
		const buffer = filled(10, 10);
		const scroll = scrollHome(buffer, FOLLOWING, undefined);
		for (let n = 11; n <= 30; n++) buffer.push(`line ${n}`);
		assert.deepEqual(visibleLines(buffer, scroll, 3, undefined), [21, 22, 23]);
	});

	it('a match out of view is shown a third of the way down, paused; one in view leaves the view alone', () => {
		const buffer = filled(100);
		assert.deepEqual(reveal(buffer, FOLLOWING, 10, undefined, 95), FOLLOWING);
		const scroll = reveal(buffer, FOLLOWING, 10, undefined, 40);
		assert.deepEqual(visibleLines(buffer, scroll, 10, undefined), [37, 38, 39, 40, 41, 42, 43, 44, 45, 46]);
	});
});

describe('LogViewModel: the log keys', () => {
	it('l cycles pane → full screen → hidden → pane; the other keys are the log’s only in the full-screen log', () => {
		const view = new LogViewModel(filled(50), () => '');
		const context = {rows: 5, camera: A};
		assert.equal(view.takeKey(char('f'), context), false, 'f in the pane view is not the log’s');
		assert.equal(view.takeKey(named('up'), context), false, 'up selects a camera there');
		const modes = [];
		for (let i = 0; i < 3; i++) {
			assert.equal(view.takeKey(char('l'), context), true);
			modes.push(view.mode);
		}

		assert.deepEqual(modes, ['full', 'hidden', 'pane']);
		view.takeKey(char('l'), context);
		assert.equal(view.takeKey(named('up'), context), true);
		assert.equal(view.scroll.follow, false);
		assert.equal(view.takeKey(named('end'), context), true);
		assert.equal(view.scroll.follow, true);
		assert.equal(view.takeKey(char('q'), context), false, 'q still quits');
		assert.equal(view.takeKey(char('d'), context), false, 'd still toggles debug');
		assert.equal(view.takeKey(named('escape'), context), true);
		assert.equal(view.mode, 'pane', 'Esc: back to the pane view');
	});

	it('f keeps only the selected camera’s lines', () => {
		const buffer = filled(50);
		const view = model(buffer);
		press(view, ['f']);
		assert.equal(view.cameraOnly, true);
		assert.deepEqual(visibleLines(buffer, view.scroll, 3, view.filter(A)), [42, 45, 48]);
		assert.deepEqual(visibleLines(buffer, view.scroll, 3, view.filter(B)), [46, 47, 49]);
		press(view, ['f']);
		assert.equal(view.filter(A), undefined);
	});

	it('/ opens a prompt that takes every key as text (q types a q), Backspace edits, Esc cancels, Ctrl-C still quits', () => {
		const buffer = filled(50);
		const view = model(buffer);
		assert.deepEqual(press(view, ['/', 'qlfnx', named('backspace')]), [true, true, true, true, true, true, true]);
		assert.equal(view.prompt, 'qlfn');
		assert.equal(view.mode, 'full', 'l typed into the prompt did not cycle the log');
		assert.equal(view.cameraOnly, false, 'f typed into the prompt did not filter');
		assert.equal(view.takeKey(named('interrupt'), {rows: 5, camera: A}), false, 'Ctrl-C is not text');
		press(view, [named('escape')]);
		assert.equal(view.prompt, undefined);
		assert.equal(view.search, undefined, 'cancelled: no search');
		assert.equal(view.mode, 'full', 'Esc closed the prompt, not the log');
	});

	it('a paste into the prompt is text without its control characters and escape sequences, and bounded', () => {
		const view = model(filled(5));
		press(view, ['/']);
		view.takeKey({name: 'paste', length: 30, text: 'line\u001B]0;owned\u0007 4\r\n\u009B2J\u202E'}, {rows: 5});
		assert.equal(view.prompt, 'line 4');
		view.takeKey({name: 'paste', length: 1000, text: 'x'.repeat(1000)}, {rows: 5});
		assert.equal(view.prompt.length, MAX_QUERY_LENGTH);
		assert.doesNotMatch(view.prompt, /[\u0000-\u001F\u007F-\u009F]/);
	});

	it('Enter searches from the bottom of the view up; n newer, N older, wrapping; the filter narrows the search', () => {
		const buffer = filled(50);
		const view = model(buffer);
		const rows = {rows: 5, camera: A as number | undefined};
		press(view, ['/', 'line 3', named('enter')], rows);
		assert.equal(view.search?.current, 39, 'the newest "line 3…" at or above the last line shown');
		assert.deepEqual(visibleLines(buffer, view.scroll, 5, undefined), [38, 39, 40, 41, 42], 'a third of the way down');
		assert.equal(view.scroll.follow, false);
		press(view, ['N'], rows);
		assert.equal(view.search?.current, 38);
		press(view, ['n'], rows);
		assert.deepEqual([view.search?.current, view.search?.wrapped], [39, false]);
		press(view, ['n'], rows);
		assert.deepEqual([view.search?.current, view.search?.wrapped], [3, true], 'round the end to the oldest');
		press(view, ['f', named('end'), '/', 'LINE 3', named('enter'), 'N'], rows);
		assert.equal(view.search?.current, 36, 'only lines about A, case-insensitive: 39, then 36 (not 38 or 37)');
		press(view, ['/', 'no such line', named('enter')], rows);
		assert.equal(view.notFound, 'no such line');
		assert.equal(view.search?.current, undefined);
	});

	it('the search string is taken literally (regular expression characters are not special)', () => {
		const buffer = new LogBuffer<string>(10);
		for (const text of ['a.c', 'abc', 'x[1]', 'x1']) buffer.push(text);
		const view = model(buffer);
		press(view, ['/', 'a.c', named('enter')]);
		assert.equal(view.search?.current, 1);
		press(view, ['/', 'x[1]', named('enter')]);
		assert.equal(view.search?.current, 3);
	});

	it('Enter on an empty prompt repeats the last search', () => {
		const buffer = filled(100);
		const view = model(buffer);
		press(view, ['/', 'line 2', named('enter')]);
		const first = view.search?.current;
		press(view, ['/', named('enter')]);
		assert.equal(view.search?.query, 'line 2');
		assert.equal(view.search?.current, first);
	});
});
