import type {Session} from '../session/session.js';
import type {SessionListener} from '../session/session-events.js';
import type {SinkStatus} from '../session/output-status.js';

/**
 * An output fed by the session's events. `listener` must return at once: it
 * only queues (bounded), so that a slow or absent server never slows receiving.
 */
export interface Sink {
	readonly name: string;
	readonly listener: SessionListener;
	/** Once the session has started. Rejects (FatalError) only for a setup error the user must fix before running. */
	start(session: Session): Promise<void>;
	/** At the end of the run: sends what it can briefly, then disconnects. Never rejects. */
	close(): Promise<void>;
	status(): SinkStatus;
}

/** How a sink says its state changed: the session emits it as a `sink` event. */
export type SinkReporter = (status: SinkStatus) => void;
