import type {SessionSettings} from '../session/session.js';
import type {InfluxOptions} from './influx/influx-flags.js';
import type {MetricsAddress} from './metrics/metrics-server.js';
import type {MqttOptions} from './mqtt/mqtt-options.js';
import type {RetentionSettings} from './retention/retention-settings.js';

/** What one run of the monitor was asked for (flags and config file): the session's settings, the outputs, the display. */
export interface RunSettings extends SessionSettings {
	/** --metrics: where to serve Prometheus metrics. */
	metrics?: MetricsAddress;
	/** --influx: where and how to write to InfluxDB. */
	influx?: InfluxOptions;
	/** --mqtt: the broker, topics and Home Assistant discovery. */
	mqtt?: MqttOptions;
	/** `--keep-days` / `--max-disk`: old images are removed from `out` while the session runs. */
	retention?: RetentionSettings;
	json: boolean;
	colour: boolean;
	/** Names for MACs, from --cameras. */
	names?: ReadonlyMap<number, string>;
	/** `out` is the demo's own temporary folder: removed at exit when it holds no image. */
	temporaryOut?: boolean;
}
