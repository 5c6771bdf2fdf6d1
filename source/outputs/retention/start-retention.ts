import type {Pipeline} from '../../session/pipeline.js';
import type {Session} from '../../session/session.js';
import type {StoredImage} from './image-inventory.js';
import {OutputRetention} from './output-retention.js';
import type {RetentionSettings} from './retention-settings.js';

/** Stops retention: a sweep under way is finished, or with `abandon` (a signal) cut short. */
export type StopRetention = (options: {abandon: boolean}) => Promise<void>;

/**
 * Starts keeping `outDir` within `settings`, with its lines as notice events
 * and the images it removes told to `removed`; returns what stops it.
 */
export function startRetention(pipeline: Pipeline, outDir: string, settings: RetentionSettings, removed?: (images: readonly StoredImage[]) => void): StopRetention {
	const retention = new OutputRetention({
		outDir,
		settings,
		report: (level, message) => pipeline.emit({kind: 'notice', at: Date.now(), level, message}),
		removed,
	});
	const unsubscribe = pipeline.on(event => {
		if (event.kind === 'image' && event.path !== undefined) retention.written(event.bytes);
	});
	retention.start();
	return async options => {
		unsubscribe();
		await retention.stop(options);
	};
}

/**
 * Keeps the session's output folder within `retention` (--keep-days, --max-disk)
 * until the session closes; nothing when neither was asked for.
 */
export function keepOutputFolder(session: Session, retention: RetentionSettings | undefined, removed?: (images: readonly StoredImage[]) => void): void {
	if (retention) session.stopsWith(startRetention(session.pipeline, session.settings.out, retention, removed));
}
