import type {MonitorSettings} from '../run-headless.js';
import {InfluxSink} from './influx/influx-sink.js';
import {MetricsSink} from './metrics/metrics-sink.js';
import {MqttSink} from './mqtt/mqtt-sink.js';
import type {Sink} from './sink.js';
import {Sinks} from './sinks.js';

/** The outputs the settings ask for (none: the monitor works exactly as without them). */
export function createSinks(settings: MonitorSettings): Sinks {
	const sinks: Sink[] = [];
	if (settings.metrics) sinks.push(new MetricsSink(settings.metrics, settings.names?.keys()));
	if (settings.influx) sinks.push(new InfluxSink(settings.influx, settings.names?.keys()));
	if (settings.mqtt) sinks.push(new MqttSink(settings.mqtt, settings.names));
	return new Sinks(sinks);
}
