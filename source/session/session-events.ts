import type {FrameType} from '../core/protocol/constants.js';
import type {MacNumber} from '../core/protocol/mac.js';
import type {ImageOutcome, IncompleteReason} from '../core/reassembly/camera-stats.js';
import type {SinkStatus} from './output-status.js';
import type {RecordEvent} from '../io/recording/recorder.js';
import type {PortHolder} from '../io/serial/port-holders.js';
import type {PortState} from '../io/serial/serial-connection.js';

export type SessionEvent =
	| {
			kind: 'image';
			at: number;
			mac: MacNumber;
			outcome: ImageOutcome;
			reason?: IncompleteReason;
			/** More about the reason (e.g. where a JPEG stopped decoding). */
			detail?: string;
			bytes: number;
			chunks: number;
			missingFrames: number;
			/** Battery percent from the image's HASH. */
			batteryPercent?: number;
			/** Where it was written; absent when nothing could be written (or there were no bytes). */
			path?: string;
	  }
	| {
			kind: 'telemetry';
			at: number;
			mac: MacNumber;
			/** The battery reading as a number, when it is one (it may lie outside 0..100). */
			batteryPercent?: number;
			/** The VOLT field as sent. */
			reading: string;
			/** A whole number from 0 to 100, as documented. */
			inRange: boolean;
			captureFailed: boolean;
	  }
	/** `relay` and `port`: which relay printed it, given only when there are several. */
	| {kind: 'relay-text'; at: number; text: string; relay?: number; port?: string}
	| {kind: 'frame'; at: number; mac: MacNumber; type: FrameType; sequence: number; length: number; checksumOk: boolean}
	/**
	 * `relay`: which relay (0 for the first; `port` may change when `auto` finds a relay again under another name).
	 * `holders`: other programs that have the port open while connected (they take bytes meant for us).
	 */
	| {kind: 'port'; at: number; state: PortState; port: string; detail?: string; relay?: number; holders?: PortHolder[]}
	| {kind: 'write-error'; at: number; path: string; message: string}
	| RecordEvent
	| {kind: 'notice'; at: number; level: 'info' | 'warn' | 'error'; message: string}
	/**
	 * A camera silent for more than 3 of its intervals (given in the cameras file,
	 * or learned); `lastHeardAt` absent when it was never heard. Emitted once.
	 */
	| {kind: 'overdue'; at: number; mac: MacNumber; silentMs: number; intervalMs: number; intervalFrom: 'cameras-file' | 'learned'; lastHeardAt?: number}
	/** An overdue camera sent again, after `silentMs` of silence. */
	| {kind: 'back'; at: number; mac: MacNumber; silentMs: number}
	/** An output (InfluxDB, MQTT, metrics) changed state, e.g. connected, or retrying and why. */
	| ({kind: 'sink'; at: number} & SinkStatus);

export type SessionListener = (event: SessionEvent) => void;
