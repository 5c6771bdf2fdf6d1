import {useCallback, useEffect, useRef, useState} from 'react';
import {IngestTracker, type DashboardSnapshot} from './ingest-tracker.js';
import {TickSource} from './now-context.js';

/**
 * The dashboard's view of the receive pipeline (the very same MonitorSession
 * as headless mode, watched by an IngestTracker). The tracker is asked for a
 * snapshot once a second (rates, sparklines), never per byte or per frame,
 * and React gets it only when something in it changed; the time shown moves
 * by `ticks` (what shows time follows them alone: see TickingText). `refresh`
 * takes one at once (after a key, or when the tracker wants one: a new
 * image's preview is ready).
 */
export function useSerialIngest(tracker: IngestTracker, intervalMs = 1000): {snapshot: DashboardSnapshot; refresh: () => void; ticks: TickSource} {
	const [ticks] = useState(() => new TickSource(0));
	const [snapshot, setSnapshot] = useState(() => {
		const first = tracker.snapshot();
		ticks.set(tracker.sampledAt);
		return first;
	});
	const shown = useRef(snapshot);
	/** The time moved with a new snapshot: told once React has rendered it (it renders with the new time). */
	const tickAfterRender = useRef(false);
	const refresh = useCallback(() => {
		const next = tracker.snapshot();
		ticks.set(tracker.sampledAt);
		if (next === shown.current) {
			ticks.tick();
			return;
		}

		shown.current = next;
		tickAfterRender.current = true;
		setSnapshot(next);
	}, [tracker, ticks]);
	useEffect(() => {
		if (!tickAfterRender.current) return;
		tickAfterRender.current = false;
		ticks.tick();
	}, [snapshot, ticks]);
	useEffect(() => {
		const timer = setInterval(refresh, intervalMs);
		const stopListening = tracker.onSnapshotWanted(refresh);
		return () => {
			clearInterval(timer);
			stopListening();
		};
	}, [tracker, refresh, intervalMs]);
	return {snapshot, refresh, ticks};
}
