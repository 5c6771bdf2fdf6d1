import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Backoff} from '../../../source/outputs/backoff.js';
import {BoundedQueue} from '../../../source/outputs/bounded-queue.js';
import type {Session} from '../../../source/session/session.js';
import type {SessionEvent} from '../../../source/session/session-events.js';
import type {Sink} from '../../../source/outputs/sink.js';

test('a full queue drops the oldest items and counts them', () => {
	const queue = new BoundedQueue<number>(3);
	for (let index = 1; index <= 5; index++) queue.push(index);
	assert.equal(queue.length, 3);
	assert.equal(queue.dropped, 2);
	assert.deepEqual(queue.take(), [3, 4, 5]);
	assert.equal(queue.length, 0);
});

test('a size limit drops the oldest until the new item fits; an item bigger than the limit is dropped at once', () => {
	const queue = new BoundedQueue<Uint8Array>(100, {maxSize: 10, sizeOf: item => item.byteLength});
	queue.push(new Uint8Array(4));
	queue.push(new Uint8Array(4));
	assert.equal(queue.push(new Uint8Array(6)), 1);
	assert.equal(queue.totalSize, 10);
	assert.equal(queue.push(new Uint8Array(11)), 1);
	assert.equal(queue.dropped, 2);
	assert.deepEqual(
		queue.take().map(item => item.byteLength),
		[4, 6],
	);
	assert.equal(queue.totalSize, 0);
});

test('a batch put back goes to the front in order; what no longer fits is dropped, oldest first', () => {
	const queue = new BoundedQueue<string>(4);
	for (const item of ['a', 'b', 'c']) queue.push(item);
	const batch = queue.take(2);
	queue.push('d');
	queue.push('e');
	queue.putBack(batch);
	assert.deepEqual(queue.take(), ['b', 'c', 'd', 'e']);
	assert.equal(queue.dropped, 1);
});

test('take and push wrap around the ring many times without losing order', () => {
	const queue = new BoundedQueue<number>(5);
	let next = 0;
	let expected = 0;
	for (let round = 0; round < 50; round++) {
		for (let index = 0; index < 3; index++) queue.push(next++);
		for (const item of queue.take(round % 2 === 0 ? 2 : 4)) assert.equal(item, expected++);
	}

	assert.equal(queue.dropped, 0);
	assert.deepEqual(
		queue.take(),
		Array.from({length: next - expected}, (_, index) => expected + index),
	);
});

test('backoff doubles up to its maximum, with jitter between half and all, and starts again after a success', () => {
	let random = 1;
	const backoff = new Backoff({initialMs: 1000, maxMs: 8000, random: () => random});
	assert.deepEqual([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()], [1000, 2000, 4000, 8000, 8000]);
	random = 0;
	assert.equal(backoff.next(), 4000);
	backoff.reset();
	assert.equal(backoff.next(), 500);
	assert.equal(backoff.failures, 1);
});

test('a sink that throws is stopped and said once; the other sinks and the caller go on', async () => {
	const {Sinks} = await import('../../../source/outputs/sinks.js');
	const seen: string[] = [];
	const said: SessionEvent[] = [];
	const sink = (name: string, listener: (event: SessionEvent) => void): Sink => ({
		name,
		listener,
		start: () => Promise.resolve(),
		close: () => Promise.resolve(),
		status: () => ({sink: name, target: name, state: 'connected', dropped: 0, queued: 0}),
	});
	const sinks = new Sinks([
		sink('broken', () => {
			throw new Error('bug');
		}),
		sink('fine', event => seen.push(event.kind)),
	]);
	const session = {pipeline: {emit: (event: SessionEvent) => said.push(event)}} as unknown as Session;
	await sinks.start(session);
	const event: SessionEvent = {kind: 'notice', at: 0, level: 'info', message: 'x'};
	sinks.listener(event);
	sinks.listener(event);
	assert.deepEqual(seen, ['notice', 'notice']);
	assert.equal(said.length, 1);
	assert.match((said[0] as {message: string}).message, /broken output stopped after an error: bug/);
});

test('closing waits for a sink that hangs no longer than the deadline', async () => {
	const {Sinks, SINK_CLOSE_DEADLINE_MS} = await import('../../../source/outputs/sinks.js');
	const hanging: Sink = {
		name: 'hanging',
		listener: () => undefined,
		start: () => Promise.resolve(),
		close: async () => new Promise<void>(() => undefined),
		status: () => ({sink: 'hanging', target: '', state: 'connected', dropped: 0, queued: 0}),
	};
	const started = Date.now();
	await new Sinks([hanging]).close();
	assert.ok(Date.now() - started < SINK_CLOSE_DEADLINE_MS + 500);
});

test('the stats line says each output state and drops; the summary only what an output lost; JSON carries them', async () => {
	const {HeadlessReporter} = await import('../../../source/outputs/headless/headless-reporter.js');
	const {Pipeline} = await import('../../../source/session/pipeline.js');
	const totals = new Pipeline({outDir: '/nonexistent'}).totals();
	totals.imagesDuplicate = 3;
	const lines: string[] = [];
	const statuses = [
		{sink: 'mqtt', target: 'mqtt://pi', state: 'connected', dropped: 0, queued: 0},
		{sink: 'influx', target: 'http://pi:8086', state: 'retrying', detail: 'refused', dropped: 12, queued: 40},
	] as const;
	const text = new HeadlessReporter({write: line => lines.push(line), json: false, colour: false});
	text.stats(0, totals, false, statuses);
	text.stats(0, totals, true, statuses);
	assert.match(lines[0]!, /; mqtt connected; influx retrying, 12 dropped, 40 waiting$/);
	assert.match(lines[1]!, /checksum errors; influx, 12 dropped, 40 never sent$/);
	assert.match(lines[1]!, /, 3 heard twice \(saved once\), /, 'images two relays both brought');
	new HeadlessReporter({write: line => lines.push(line), json: true, colour: false}).stats(0, totals, true, statuses);
	assert.deepEqual((JSON.parse(lines[2]!) as {sinks: unknown}).sinks, [
		{sink: 'mqtt', state: 'connected', dropped: 0, queued: 0},
		{sink: 'influx', state: 'retrying', detail: 'refused', dropped: 12, queued: 40},
	]);
});

test("a headless line never carries an escape sequence from an event's text (a server's error)", async () => {
	const {HeadlessReporter} = await import('../../../source/outputs/headless/headless-reporter.js');
	const lines: string[] = [];
	new HeadlessReporter({write: line => lines.push(line), json: false, colour: false}).event({
		kind: 'sink',
		at: 0,
		sink: 'mqtt',
		target: 'mqtt://pi',
		state: 'retrying',
		detail: 'no \u001B]0;owned\u0007 \u001B[2J way',
		dropped: 0,
		queued: 0,
	});
	assert.match(lines[0]!, /retrying mqtt:\/\/pi: no +way$/);
	assert.doesNotMatch(lines[0]!, /\u001B|\u0007/);
});
