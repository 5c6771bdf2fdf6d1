import type {CameraFilter, LogBuffer} from './log-buffer.js';

/**
 * Where the full-screen log looks. Following: the newest lines, moving with
 * each new one. Paused: held at the line at the top (an id: new lines do not
 * move it), with the newest line there was when it paused (to count what came since).
 */
export type LogScroll = {follow: true} | {follow: false; top: number; pausedAt: number};

export const FOLLOWING: LogScroll = {follow: true};

type Buffer = LogBuffer<unknown>;

/** The ids of the lines shown in `rows` rows, oldest first. A paused view near the end shows a whole last page. */
export function visibleLines(buffer: Buffer, scroll: LogScroll, rows: number, filter: CameraFilter): number[] {
	if (rows <= 0) return [];
	if (!scroll.follow) {
		const ids: number[] = [];
		for (let id = buffer.step(scroll.top - 1, 1, filter); id !== undefined && ids.length < rows; id = buffer.step(id, 1, filter)) ids.push(id);
		if (ids.length === rows) return ids;
	}

	return lastPage(buffer, rows, filter);
}

/** The newest lines that fill `rows` rows, oldest first. */
function lastPage(buffer: Buffer, rows: number, filter: CameraFilter): number[] {
	const ids: number[] = [];
	for (let id = buffer.step(buffer.lastId + 1, -1, filter); id !== undefined && ids.length < rows; id = buffer.step(id, -1, filter)) ids.push(id);
	return ids.reverse();
}

/** Moves by `delta` lines (negative: up, to older lines). Going up pauses; reaching the last page going down follows again. */
export function scrollBy(buffer: Buffer, scroll: LogScroll, rows: number, filter: CameraFilter, delta: number): LogScroll {
	const top = visibleLines(buffer, scroll, rows, filter)[0];
	if (top === undefined) return delta < 0 ? pausedAt(buffer, scroll, buffer.lastId + 1) : scroll;
	if (delta < 0) return pausedAt(buffer, scroll, buffer.stepMany(top, -delta, -1, filter) ?? top);
	if (delta === 0 || scroll.follow) return scroll;
	const lastTop = lastPage(buffer, rows, filter)[0]!;
	const next = buffer.stepMany(top, delta, 1, filter) ?? top;
	return next >= lastTop ? FOLLOWING : pausedAt(buffer, scroll, next);
}

/** Home: the oldest line kept (paused). */
export function scrollHome(buffer: Buffer, scroll: LogScroll, filter: CameraFilter): LogScroll {
	return pausedAt(buffer, scroll, buffer.step(0, 1, filter) ?? buffer.firstId);
}

/** Shows line `id` (a search match): as it is when it is in view, else paused with it a third of the way down. */
export function reveal(buffer: Buffer, scroll: LogScroll, rows: number, filter: CameraFilter, id: number): LogScroll {
	if (visibleLines(buffer, scroll, rows, filter).includes(id)) return scroll;
	const above = Math.floor(Math.max(0, rows - 1) / 3);
	return pausedAt(buffer, scroll, above === 0 ? id : (buffer.stepMany(id, above, -1, filter) ?? id));
}

/** Lines (that pass the filter) that came since the view paused; 0 while following. */
export function newSincePause(buffer: Buffer, scroll: LogScroll, filter: CameraFilter): number {
	return scroll.follow ? 0 : buffer.countAfter(scroll.pausedAt, filter);
}

/** How many lines pass the filter, and the place of `id` among them (1-based). */
export function placeOf(buffer: Buffer, id: number | undefined, filter: CameraFilter): {place: number; total: number} {
	const total = buffer.countAfter(0, filter);
	if (id === undefined) return {place: 0, total};
	return {place: total - buffer.countAfter(id - 1, filter) + 1, total};
}

function pausedAt(buffer: Buffer, scroll: LogScroll, top: number): LogScroll {
	return {follow: false, top, pausedAt: scroll.follow ? buffer.lastId : scroll.pausedAt};
}
