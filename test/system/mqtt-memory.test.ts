import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {after, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {MqttPublisher} from '../../source/outputs/mqtt/mqtt-publisher.js';
import {startMosquitto} from '../helpers/mosquitto.js';

const require = createRequire(import.meta.url);

describe('MQTT memory', () => {
	it("MQTT.js's table of 65,536 two-byte Buffers (some 6 MB of heap for the whole run) is never built", async () => {
		const broker = await startMosquitto();
		after(async () => broker.stop());
		const publisher = new MqttPublisher(
			{url: broker.url, prefix: 'memory-test'},
			{statusTopic: 'memory-test/status', subscriptions: [], onMessage: () => undefined, onState: () => undefined},
		);
		publisher.start();
		for (let waited = 0; !publisher.connected && waited < 5000; waited += 20) await delay(20);
		assert.ok(publisher.connected);
		publisher.publishEvent('memory-test/event', 'hello');
		await publisher.close(1000);
		// The very module instance MQTT.js writes with.
		const numbers = require(require.resolve('mqtt-packet/numbers.js', {paths: [require.resolve('mqtt')]})) as {cache: Record<number, Buffer>};
		assert.equal(Object.keys(numbers.cache).length, 0);
	});
});
