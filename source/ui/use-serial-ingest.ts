import {useEffect, useState} from 'react';
import {IngestTracker, type DashboardSnapshot} from './ingest-tracker.js';

/**
 * The dashboard's view of the receive pipeline (the very same MonitorSession
 * as headless mode, watched by an IngestTracker). React gets a snapshot once
 * a second (what it shows changes by the second: clocks, rates, sparklines),
 * never an update per byte or per frame; keys re-render at once.
 */
export function useSerialIngest(tracker: IngestTracker, intervalMs = 1000): DashboardSnapshot {
	const [snapshot, setSnapshot] = useState(() => tracker.snapshot(Date.now()));
	useEffect(() => {
		const timer = setInterval(() => setSnapshot(tracker.snapshot(Date.now())), intervalMs);
		return () => {
			clearInterval(timer);
		};
	}, [tracker, intervalMs]);
	return snapshot;
}
