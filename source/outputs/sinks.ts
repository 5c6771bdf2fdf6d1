import type {Session} from '../session/session.js';
import type {SessionEvent} from '../session/session-events.js';
import type {SinkStatus} from '../session/output-status.js';
import type {Sink} from './sink.js';

/** How long the end of a run waits for the outputs to send what they hold. */
export const SINK_CLOSE_DEADLINE_MS = 1000;

/**
 * The outputs of one run. `listener` goes to Session.start, so that
 * every sink sees the session's events from the first; a sink that throws is
 * a bug in that sink, said once, and never stops receiving or the other sinks.
 */
export class Sinks {
	private session?: Session;
	private readonly broken = new Set<Sink>();

	constructor(readonly all: readonly Sink[]) {}

	readonly listener = (event: SessionEvent): void => {
		for (const sink of this.all) {
			if (this.broken.has(sink)) continue;
			try {
				sink.listener(event);
			} catch (error) {
				this.broken.add(sink);
				this.session?.pipeline.emit({
					kind: 'notice',
					at: Date.now(),
					level: 'error',
					message: `${sink.name} output stopped after an error: ${error instanceof Error ? error.message : String(error)}`,
				});
			}
		}
	};

	/** Starts every sink; rejects with the first setup error (the others are closed). */
	async start(session: Session): Promise<void> {
		this.session = session;
		try {
			await Promise.all(this.all.map(async sink => sink.start(session)));
		} catch (error) {
			await this.close();
			throw error;
		}
	}

	/** Closes every sink, waiting at most SINK_CLOSE_DEADLINE_MS. */
	async close(): Promise<void> {
		let timer: NodeJS.Timeout | undefined;
		const deadline = new Promise<void>(resolve => {
			// Not unref'd: with nothing else left to run, an unref'd timer would end the process before the final lines.
			timer = setTimeout(resolve, SINK_CLOSE_DEADLINE_MS);
		});
		await Promise.race([Promise.allSettled(this.all.map(async sink => sink.close())), deadline]);
		clearTimeout(timer);
	}

	statuses(): SinkStatus[] {
		return this.all.map(sink => sink.status());
	}
}

/** A `sink` event for `status`, ready for Session's pipeline.emit. */
export function sinkEvent(status: SinkStatus, at = Date.now()): SessionEvent {
	return {kind: 'sink', at, ...status};
}
