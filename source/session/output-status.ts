// What an output (InfluxDB, MQTT, metrics) tells the session's event bus of itself: the `sink` event.

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
