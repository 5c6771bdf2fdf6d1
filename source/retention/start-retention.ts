import type {Monitor} from '../ingest/monitor.js';
import {OutputRetention} from './output-retention.js';
import type {RetentionSettings} from './retention-settings.js';

/** Starts keeping `outDir` within `settings`, with its lines as notice events; returns what stops it. */
export function startRetention(monitor: Monitor, outDir: string, settings: RetentionSettings): () => void {
	const retention = new OutputRetention({
		outDir,
		settings,
		report: (level, message) => monitor.emit({kind: 'notice', at: Date.now(), level, message}),
	});
	const unsubscribe = monitor.on(event => {
		if (event.kind === 'image' && event.path !== undefined) retention.written(event.bytes);
	});
	retention.start();
	return () => {
		unsubscribe();
		retention.stop();
	};
}
