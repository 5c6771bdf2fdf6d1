import {useCallback, useEffect, useRef, useState} from 'react';
import {DashboardModel, type DashboardSnapshot} from './dashboard-model.js';
import {TickSource} from './now-context.js';

/**
 * The dashboard's view of the receive pipeline (the very same Session
 * as headless mode, watched by an DashboardModel). The model is asked for a
 * snapshot once a second (rates, sparklines), never per byte or per frame,
 * and React gets it only when something in it changed; the time shown moves
 * by `ticks` (what shows time follows them alone: see TickingText). `refresh`
 * takes one at once (after a key, or when the model wants one: a new
 * image's preview is ready), and the next comes a whole interval after it:
 * a new image and the second's rates make one frame, not two a few hundred
 * milliseconds apart (no second goes by without a snapshot either way).
 */
export function useSerialIngest(model: DashboardModel, intervalMs = 1000): {snapshot: DashboardSnapshot; refresh: () => void; ticks: TickSource} {
	const [ticks] = useState(() => new TickSource(0));
	const [snapshot, setSnapshot] = useState(() => {
		const first = model.snapshot();
		ticks.set(model.sampledAt);
		return first;
	});
	const shown = useRef(snapshot);
	const timer = useRef<NodeJS.Timeout>(undefined);
	const refresh = useCallback(() => {
		timer.current?.refresh();
		const next = model.snapshot();
		ticks.set(model.sampledAt);
		// Before the new snapshot is given to React: a text whose width the tick
		// changes (`9 s ago` → `10 s ago`) renders again in the same frame as it.
		ticks.tick();
		if (next === shown.current) return;
		shown.current = next;
		setSnapshot(next);
	}, [model, ticks]);
	useEffect(() => {
		timer.current = setInterval(refresh, intervalMs);
		const stopListening = model.onSnapshotWanted(refresh);
		return () => {
			clearInterval(timer.current);
			timer.current = undefined;
			stopListening();
		};
	}, [model, refresh, intervalMs]);
	return {snapshot, refresh, ticks};
}
