import type {MonitorSession} from '../ingest/monitor-session.js';
import type {MonitorListener} from '../ingest/monitor-events.js';

/**
 * - connecting: the first try is under way
 * - connected: data goes out (a server answers, or /metrics is served)
 * - retrying: the last try failed (`detail` says why); trying again after a wait
 * - failed: it will not work without a change (wrong credentials, a bad URL); receiving goes on
 * - closed: stopped at the end of the run
 */
export type SinkState = 'connecting' | 'connected' | 'retrying' | 'failed' | 'closed';

export interface SinkStatus {
	/** Short name: `influx`, `mqtt`, `metrics`. */
	sink: string;
	/** Where it sends, without secrets (e.g. `http://pi:8086 db=cams`). */
	target: string;
	state: SinkState;
	/** Why it is retrying or failed; plain words, no secrets. */
	detail?: string;
	/** Items (points, messages) given up to keep the queue bounded, in all. */
	dropped: number;
	/** Items waiting to go out. */
	queued: number;
}

/**
 * An output fed by the session's events. `listener` must return at once: it
 * only queues (bounded), so that a slow or absent server never slows receiving.
 */
export interface Sink {
	readonly name: string;
	readonly listener: MonitorListener;
	/** Once the session has started. Rejects (FatalError) only for a setup error the user must fix before running. */
	start(session: MonitorSession): Promise<void>;
	/** At the end of the run: sends what it can briefly, then disconnects. Never rejects. */
	close(): Promise<void>;
	status(): SinkStatus;
}

/** How a sink says its state changed: the session emits it as a `sink` event. */
export type SinkReporter = (status: SinkStatus) => void;
