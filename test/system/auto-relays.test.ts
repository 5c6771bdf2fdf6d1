import assert from 'node:assert/strict';
import {openSync, writeSync, closeSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {AutoRelays} from '../../source/io/serial/auto-relays.js';
import type {PortChoice, SerialDevice} from '../../source/io/serial/port-finder.js';
import {SerialConnection} from '../../source/io/serial/serial-connection.js';
import {CameraMetrics} from '../../source/outputs/metrics/camera-metrics.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';
import {until} from '../helpers/until.js';

const espressif = (path: string, serialNumber: string): SerialDevice => ({path, vendorId: '303a', productId: '1001', serialNumber});

describe('--port auto', {timeout: 30_000}, () => {
	it('waits while none is plugged in, then takes each relay that appears, once, and later ones too', async () => {
		let devices: SerialDevice[] = [];
		const taken: PortChoice[] = [];
		const waiting: string[] = [];
		const finder = new AutoRelays({
			lister: () => Promise.resolve(devices),
			scanMs: 30,
			exists: () => Promise.resolve(false),
			onRelay: choice => taken.push(choice),
			onWaiting: detail => waiting.push(detail),
		});
		finder.start();
		try {
			await delay(120);
			assert.equal(taken.length, 0);
			assert.equal(waiting.length, 1, 'said once, not on every look');
			assert.match(waiting[0]!, /no Espressif relay .* plugged in yet/);
			devices = [espressif('/dev/ttyACM0', 'aa')];
			await until(() => taken.length === 1, 'the first relay');
			devices = [espressif('/dev/ttyACM0', 'aa'), {path: '/dev/ttyUSB0', vendorId: '10c4'}, espressif('/dev/ttyACM1', 'bb')];
			await until(() => taken.length === 2, 'the second relay');
			// Unplugged and back under another name: still the same relay, not taken again.
			devices = [espressif('/dev/ttyACM2', 'aa'), espressif('/dev/ttyACM1', 'bb')];
			await delay(150);
			assert.deepEqual(
				taken.map(choice => [choice.path, choice.serialNumber]),
				[
					['/dev/ttyACM0', 'aa'],
					['/dev/ttyACM1', 'bb'],
				],
			);
		} finally {
			await finder.stop();
		}
	});

	it("with none listed, takes /dev/ttyACM0 once it is there, unless it is known to be another maker's", async () => {
		const taken: string[] = [];
		let there = false;
		const other = new AutoRelays({
			lister: () => Promise.resolve([{path: '/dev/ttyACM0', vendorId: '10c4'}]),
			scanMs: 30,
			exists: () => Promise.resolve(true),
			onRelay: choice => taken.push(choice.path),
			onWaiting: () => undefined,
		});
		other.start();
		await delay(100);
		await other.stop();
		assert.equal(taken.length, 0);
		const unknown = new AutoRelays({
			lister: () => Promise.resolve([]),
			scanMs: 30,
			exists: () => Promise.resolve(there),
			onRelay: choice => taken.push(choice.path),
			onWaiting: () => undefined,
		});
		unknown.start();
		try {
			await delay(80);
			there = true;
			await until(() => taken.length === 1, '/dev/ttyACM0');
			await delay(100);
			assert.deepEqual(taken, ['/dev/ttyACM0']);
		} finally {
			await unknown.stop();
		}
	});

	it('says once that the serial ports cannot be listed, not on every look', async () => {
		const waiting: string[] = [];
		const finder = new AutoRelays({
			lister: () => Promise.reject(new Error('no /sys')),
			scanMs: 20,
			exists: () => Promise.resolve(false),
			onRelay: () => undefined,
			onWaiting: detail => waiting.push(detail),
		});
		finder.start();
		await delay(150);
		await finder.stop();
		assert.deepEqual(waiting, ['cannot list serial ports (no /sys); waiting for /dev/ttyACM0']);
	});

	it('waiting for its first relay makes no esp_cam_relay_connected series (one named "auto" would stay 0 for ever)', async () => {
		const metrics = new CameraMetrics(() => undefined);
		metrics.listener({kind: 'port', at: 0, state: 'waiting', port: 'auto', detail: 'no relay yet', relay: 0});
		metrics.listener({kind: 'port', at: 1, state: 'connected', port: '/dev/ttyACM0', relay: 0});
		const series = (await metrics.registry.metrics()).split('\n').filter(line => line.startsWith('esp_cam_relay_connected{'));
		assert.deepEqual(series, ['esp_cam_relay_connected{port="/dev/ttyACM0"} 1']);
	});

	it('a relay found again under another name has one series, under its new name (the old one would stay 0 for ever)', async () => {
		const metrics = new CameraMetrics(() => undefined);
		metrics.listener({kind: 'port', at: 0, state: 'connected', port: '/dev/ttyACM0', relay: 0});
		metrics.listener({kind: 'port', at: 1, state: 'connected', port: '/dev/ttyACM1', relay: 1});
		metrics.listener({kind: 'port', at: 2, state: 'reconnecting', port: '/dev/ttyACM0', relay: 0});
		metrics.listener({kind: 'port', at: 3, state: 'connected', port: '/dev/ttyACM2', relay: 0});
		const series = (await metrics.registry.metrics()).split('\n').filter(line => line.startsWith('esp_cam_relay_connected{'));
		assert.deepEqual(series.sort(), ['esp_cam_relay_connected{port="/dev/ttyACM1"} 1', 'esp_cam_relay_connected{port="/dev/ttyACM2"} 1']);
	});

	it('a relay found by serial number is found again after an unplug under another name (real pseudo-terminals)', async () => {
		const root = tempDir();
		const first = await openPtyPair(root, 'first');
		let devices = [espressif(first.host, 'f4:12:fa:01:02:03')];
		const states: string[] = [];
		const received: string[] = [];
		const connection = new SerialConnection({
			port: first.host,
			serialNumber: 'f4:12:fa:01:02:03',
			reason: 'auto: test',
			baudRate: 115_200,
			lister: () => Promise.resolve(devices),
			watchdogMs: 50,
			onData: chunk => received.push(chunk.toString()),
			onState: (state, port) => states.push(`${state} ${port}`),
		});
		connection.start();
		let second: Awaited<ReturnType<typeof openPtyPair>> | undefined;
		try {
			await until(() => states.includes(`connected ${first.host}`), 'connected');
			const writeTo = (path: string, text: string) => {
				const fd = openSync(path, 'w');
				writeSync(fd, text);
				closeSync(fd);
			};

			writeTo(first.relay, 'one');
			await until(() => received.join('') === 'one', 'bytes through the first port');
			await first.close();
			await until(() => states.some(state => state.startsWith('reconnecting')), 'reconnecting');
			second = await openPtyPair(root, 'second');
			devices = [espressif(second.host, 'f4:12:fa:01:02:03')];
			await until(() => states.includes(`connected ${second!.host}`), 'connected under the new name', 10_000);
			writeTo(second.relay, 'two');
			await until(() => received.join('') === 'onetwo', 'bytes through the new port');
		} finally {
			await connection.stop();
			await first.close();
			await second?.close();
		}
	});
});
