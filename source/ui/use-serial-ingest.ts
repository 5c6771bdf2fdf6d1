import {useCallback, useEffect, useState} from 'react';
import {IngestTracker, type DashboardSnapshot} from './ingest-tracker.js';

/**
 * The dashboard's view of the receive pipeline (the very same MonitorSession
 * as headless mode, watched by an IngestTracker). React gets a snapshot once
 * a second (what it shows changes by the second: clocks, rates, sparklines),
 * never an update per byte or per frame; `refresh` takes one at once (after a key,
 * or when the tracker wants one: a new image's preview is ready).
 */
export function useSerialIngest(tracker: IngestTracker, intervalMs = 1000): {snapshot: DashboardSnapshot; refresh: () => void} {
	const [snapshot, setSnapshot] = useState(() => tracker.snapshot());
	const refresh = useCallback(() => setSnapshot(tracker.snapshot()), [tracker]);
	useEffect(() => {
		const timer = setInterval(refresh, intervalMs);
		const stopListening = tracker.onSnapshotWanted(refresh);
		return () => {
			clearInterval(timer);
			stopListening();
		};
	}, [tracker, refresh, intervalMs]);
	return {snapshot, refresh};
}
