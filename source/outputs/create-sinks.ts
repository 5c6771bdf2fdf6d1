import type {RunSettings} from './run-settings.js';
import type {Sink} from './sink.js';
import {Sinks} from './sinks.js';

/**
 * The outputs the settings ask for (none: the monitor works exactly as without
 * them). Each output's code loads only when asked for: start-up is shorter
 * without them (on a Pi most of all).
 */
export async function createSinks(settings: RunSettings): Promise<Sinks> {
	const sinks: Sink[] = [];
	if (settings.metrics) {
		const {MetricsSink} = await import('./metrics/metrics-sink.js');
		sinks.push(new MetricsSink(settings.metrics, settings.names?.keys()));
	}

	if (settings.influx) {
		const {InfluxSink} = await import('./influx/influx-sink.js');
		sinks.push(new InfluxSink(settings.influx, settings.names?.keys()));
	}

	if (settings.mqtt) {
		const {MqttSink} = await import('./mqtt/mqtt-sink.js');
		sinks.push(new MqttSink(settings.mqtt, settings.names));
	}

	return new Sinks(sinks);
}
