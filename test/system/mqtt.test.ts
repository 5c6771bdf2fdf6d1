import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {after, before, describe, it} from 'node:test';
import {connectAsync, type MqttClient} from 'mqtt';
import type {Session} from '../../source/session/session.js';
import {Pipeline} from '../../source/session/pipeline.js';
import {FrameType} from '../../source/core/protocol/constants.js';
import {encodeFrame} from '../../source/core/protocol/frame-encoder.js';
import {renderPicture} from '../../source/simulator/jpeg-factory.js';
import {MqttSink} from '../../source/outputs/mqtt/mqtt-sink.js';
import {describeConnectionProblem} from '../../source/outputs/mqtt/connection-problem.js';
import {cameraDiscovery} from '../../source/outputs/mqtt/discovery.js';
import {mqttSettings, parseBrokerUrl, redactArguments} from '../../source/outputs/mqtt/mqtt-options.js';
import {MqttPublisher} from '../../source/outputs/mqtt/mqtt-publisher.js';
import {wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {CLI, jsonEvents, runCli, startCli, type RunningCli} from '../helpers/cli.js';
import {startMosquitto, retainedWithMosquittoSub, type Mosquitto} from '../helpers/mosquitto.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {TmuxTerminal} from '../helpers/tmux.js';
import {tempDir} from '../helpers/temp-dir.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const compact = (mac: string) => mac.replaceAll(':', '');

/** Every retained message under `filter` on the broker now (the broker sends them at subscribe). */
async function retained(url: string, filter: string, settleMs = 300): Promise<Map<string, Buffer>> {
	const client = await connectAsync(url, {reconnectPeriod: 0});
	const messages = new Map<string, Buffer>();
	client.on('message', (topic, payload, packet) => {
		if (packet.retain) messages.set(topic, payload);
	});
	await client.subscribeAsync(filter);
	await delay(settleMs);
	await client.endAsync();
	return messages;
}

/** The last verified image event of each camera, from --json output. */
function lastVerifiedImages(stdout: string): Map<string, {path: string; voltage?: number}> {
	const last = new Map<string, {path: string; voltage?: number}>();
	for (const event of jsonEvents(stdout)) {
		if (event.event === 'image' && event.outcome === 'verified' && typeof event.path === 'string') {
			last.set(String(event.mac), {path: event.path, voltage: event.voltage as number | undefined});
		}
	}

	return last;
}

async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	for (const started = Date.now(); !(await check()); await delay(50)) {
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
	}
}

function sinkEvents(cli: RunningCli): Record<string, unknown>[] {
	return jsonEvents(cli.stdout()).filter(event => event.event === 'sink');
}

describe('MQTT options', () => {
	it('reads the broker URL; the password stays out of the URL and of the process title', async () => {
		assert.deepEqual(parseBrokerUrl('mqtt://cam:s%40cret@pi.local'), {url: 'mqtt://pi.local:1883', username: 'cam', password: 's@cret'});
		assert.deepEqual(parseBrokerUrl('mqtts://pi:8884'), {url: 'mqtts://pi:8884', username: undefined, password: undefined});
		assert.deepEqual(parseBrokerUrl('mqtts://[::1]'), {url: 'mqtts://[::1]:8883', username: undefined, password: undefined});
		for (const bad of ['pi.local:1883', 'http://pi', 'mqtt://pi/topic', 'mqtt://']) assert.throws(() => parseBrokerUrl(bad), /--mqtt/, bad);
		assert.deepEqual(redactArguments(['--mqtt', 'mqtt://u:hunter2@h:1883', '--mqtt=mqtt://u:pw@h', '--out', 'x']), [
			'--mqtt',
			'mqtt://u:***@h:1883',
			'--mqtt=mqtt://u:***@h',
			'--out',
			'x',
		]);
		const folder = tempDir();
		const file = path.join(folder, 'password');
		writeFileSync(file, 'from-file\n');
		assert.equal((await mqttSettings({mqtt: 'mqtt://u@h', 'mqtt-password-file': file})).mqtt?.password, 'from-file');
		const fromEnvironment = await mqttSettings({mqtt: 'mqtt://u@h'});
		assert.equal(fromEnvironment.mqtt?.password, process.env.MQTT_PASSWORD);
		assert.equal((await mqttSettings({mqtt: 'mqtt://h', 'mqtt-discovery-prefix': 'off'})).mqtt?.discoveryPrefix, undefined);
		await assert.rejects(mqttSettings({'mqtt-prefix': 'x'}), /--mqtt-prefix needs --mqtt/);
		await assert.rejects(mqttSettings({mqtt: 'mqtt://h', 'mqtt-prefix': 'a/#'}), /--mqtt-prefix must be topic levels/);
		await assert.rejects(mqttSettings({mqtt: 'mqtt://h', 'mqtt-ca': path.join(folder, 'none.pem')}), /--mqtt-ca: cannot read .*no such file/);
	});

	it('says why a connection failed in plain words, without the password or escape sequences', () => {
		assert.match(describeConnectionProblem(Object.assign(new Error('Connection refused: Not authorized'), {code: 5})).detail, /^not authorized/);
		assert.equal(describeConnectionProblem(Object.assign(new Error('x'), {code: 134})).rejected, true);
		assert.match(describeConnectionProblem(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'})).detail, /^refused/);
		assert.match(describeConnectionProblem(Object.assign(new Error('getaddrinfo ENOTFOUND nope'), {code: 'ENOTFOUND'})).detail, /host not found \(DNS\)/);
		assert.match(describeConnectionProblem(Object.assign(new Error('self-signed certificate'), {code: 'DEPTH_ZERO_SELF_SIGNED_CERT'})).detail, /^TLS: .*--mqtt-ca/);
		const hostile = describeConnectionProblem(new Error(`\u001B]0;pwned\u0007bad hunter2 ${'x'.repeat(500)}`), ['hunter2']).detail;
		assert.doesNotMatch(hostile, /\u001B|hunter2|pwned/);
		assert.ok(hostile.length <= 120);
	});

	it('discovery: one device per camera, the entities Home Assistant needs, the monitor status as availability', () => {
		const messages = cameraDiscovery({prefix: 'esp-cam', discoveryPrefix: 'homeassistant', mac: 0x24_0a_c4_00_00_10, name: 'gate', version: '1.2.3'});
		const configs = new Map(messages.map(message => [message.topic, JSON.parse(message.payload) as Record<string, unknown>]));
		const image = configs.get('homeassistant/image/esp-cam_240ac4000010/image/config')!;
		assert.equal(image.image_topic, 'esp-cam/240ac4000010/image');
		assert.equal(image.content_type, 'image/jpeg');
		const battery = configs.get('homeassistant/sensor/esp-cam_240ac4000010/battery/config')!;
		assert.deepEqual(
			[battery.device_class, battery.unit_of_measurement, battery.state_class, battery.state_topic],
			['battery', '%', 'measurement', 'esp-cam/240ac4000010/battery'],
		);
		assert.equal(configs.get('homeassistant/sensor/esp-cam_240ac4000010/last_image/config')!.device_class, 'timestamp');
		for (const config of configs.values()) {
			assert.deepEqual(config.device, {identifiers: ['esp-cam_240ac4000010'], name: 'gate', manufacturer: 'Espressif', model: 'ESP-NOW camera'});
			assert.equal(config.availability_topic, 'esp-cam/status');
			assert.match(config.unique_id as string, /^esp-cam_240ac4000010_/);
		}

		assert.equal(new Set([...configs.values()].map(config => config.unique_id)).size, messages.length);
	});
});

describe('MQTT with a real Mosquitto', {timeout: 90_000}, () => {
	let broker: Mosquitto;
	before(async () => {
		broker = await startMosquitto();
	});
	after(async () => broker.stop());

	it('a replay: discovery per camera, each image topic holds exactly the last verified image on disk, battery, time, status offline after', async () => {
		const folder = tempDir();
		const capture = path.join(folder, 'capture.bin');
		const made = await runCli(['simulate', capture, '--cameras', '3', '--images', '12', '--seed', '8', '--size', '96x64']);
		assert.equal(made.code, 0, made.stderr);
		const prefix = 'replay-test';
		const run = await runCli([
			'--replay',
			capture,
			'--out',
			path.join(folder, 'out'),
			'--json',
			'--mqtt',
			broker.url,
			'--mqtt-prefix',
			prefix,
			'--mqtt-discovery-prefix',
			'ha-replay',
		]);
		assert.equal(run.code, 0, run.stderr);
		const cameras = lastVerifiedImages(run.stdout);
		assert.equal(cameras.size, 3);

		const configs = await retained(broker.url, 'ha-replay/#');
		const devices = new Map<string, string[]>();
		for (const [topic, payload] of configs) {
			const config = JSON.parse(payload.toString()) as {device: {identifiers: string[]}};
			devices.set(config.device.identifiers[0]!, [...(devices.get(config.device.identifiers[0]!) ?? []), topic]);
		}

		assert.equal(devices.size, 3, `one device per camera: ${[...devices.keys()].join(', ')}`);
		for (const [mac, last] of cameras) {
			const id = `${prefix}_${compact(mac)}`;
			assert.equal(devices.get(id)?.length, 4, `${mac}: image, battery, last image time, incomplete`);
			const imageConfig = JSON.parse(configs.get(`ha-replay/image/${id}/image/config`)!.toString()) as {image_topic: string};
			const bytes = retainedWithMosquittoSub(broker.port, imageConfig.image_topic);
			assert.ok(bytes, `${imageConfig.image_topic} holds an image`);
			assert.equal(sha256(bytes), sha256(readFileSync(last.path)), `${mac}: the last verified image, byte for byte`);
			const state = await retained(broker.url, `${prefix}/${compact(mac)}/+`, 150);
			assert.equal(state.get(`${prefix}/${compact(mac)}/battery`)?.toString(), String(last.voltage));
			assert.match(state.get(`${prefix}/${compact(mac)}/last_image`)?.toString() ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		}

		assert.equal(retainedWithMosquittoSub(broker.port, `${prefix}/status`)?.toString(), 'offline');
		const states = jsonEvents(run.stdout)
			.filter(event => event.event === 'sink')
			.map(event => event.state);
		assert.equal(states[0], 'connecting');
		assert.ok(states.includes('connected'), states.join());
		assert.equal(states.at(-1), 'closed');
	});

	it('only real cameras get topics and a device: one named in --cameras from the start, one with a good image; a phantom MAC never', async () => {
		const [camera, named, phantom] = [0x24_0a_c4_00_00_10, 0x24_0a_c4_00_00_11, 0x24_0a_c4_00_80_10];
		const pipeline = new Pipeline({outDir: tempDir()});
		const sink = new MqttSink({url: broker.url, prefix: 'real-test', discoveryPrefix: 'ha-real'}, new Map([[named, 'gate']]));
		pipeline.on(sink.listener);
		await pipeline.start();
		await sink.start({pipeline} as unknown as Session);
		pipeline.push(encodeFrames(wakeFrames(camera, renderPicture(2, 1, 6, {width: 96, height: 64}), {voltage: 77})));
		// A lone two-frame image from a MAC that never sends a good one.
		pipeline.push(Buffer.concat([encodeFrame(phantom, FrameType.Data, 1, Buffer.alloc(200, 1)), encodeFrame(phantom, FrameType.Eof, 0, Buffer.from('EOF!'))]));
		await pipeline.finish();
		await sink.close();
		const configs = [...(await retained(broker.url, 'ha-real/#')).values()].map(payload => JSON.parse(payload.toString()) as {device: {name: string}});
		assert.deepEqual(new Set(configs.map(config => config.device.name)), new Set(['ESP camera 24:0a:c4:00:00:10', 'gate']));
		const topics = await retained(broker.url, 'real-test/#');
		assert.equal(topics.get('real-test/240ac4000010/battery')?.toString(), '77');
		assert.ok(topics.has('real-test/240ac4000010/image'));
		assert.equal(topics.get('real-test/240ac4000011/incomplete')?.toString(), '0');
		assert.deepEqual(
			[...topics.keys()].filter(topic => topic.includes('240ac4008010')),
			[],
		);
	});

	it('a live stream: online while running, discovery again when Home Assistant says online, the last will on kill -9', async () => {
		const folder = tempDir();
		const pair = await openPtyPair(folder);
		const simulator = startCli(['simulate', pair.relay, '--cameras', '2', '--interval', '0.3', '--seed', '4', '--size', '96x64']);
		const prefix = 'live-test';
		const cli = startCli(['--port', pair.host, '--out', path.join(folder, 'out'), '--json', '--mqtt', broker.url, '--mqtt-prefix', prefix]);
		let watcher: MqttClient | undefined;
		try {
			await cli.waitFor(/"event":"sink".*"state":"connected"/);
			// Both cameras known (each has sent its discovery once).
			await waitUntil(() => lastVerifiedImages(cli.stdout()).size === 2, 'images from both cameras');
			await delay(300);
			assert.equal(retainedWithMosquittoSub(broker.port, `${prefix}/status`)?.toString(), 'online');
			watcher = await connectAsync(broker.url, {reconnectPeriod: 0});
			const live: string[] = [];
			watcher.on('message', (topic, _payload, packet) => {
				if (!packet.retain && topic.includes(`/${prefix}_`)) live.push(topic);
			});
			await watcher.subscribeAsync('homeassistant/+/+/+/config');
			await delay(200);
			assert.equal(live.length, 0, 'discovery is not sent again by itself');
			await watcher.publishAsync('homeassistant/status', 'online');
			await waitUntil(() => live.length >= 4, 'discovery configs sent again');
			assert.ok(live.every(topic => topic.endsWith('/config')));
		} finally {
			cli.process.kill('SIGKILL');
			await cli.done();
			simulator.process.kill('SIGINT');
			await simulator.done();
			await pair.close();
		}

		await waitUntil(() => retainedWithMosquittoSub(broker.port, `${prefix}/status`)?.toString() === 'offline', 'the last will');
		await watcher?.endAsync();
	});

	it('the broker killed mid-run: receiving goes on, every image saved, "retrying: refused", images given up counted; data resumes after the restart', async () => {
		const folder = tempDir();
		const pair = await openPtyPair(folder);
		const simulator = startCli(['simulate', pair.relay, '--cameras', '2', '--interval', '0.2', '--seed', '6', '--size', '96x64']);
		const prefix = 'crash-test';
		const cli = startCli(['--port', pair.host, '--out', path.join(folder, 'out'), '--json', '--mqtt', broker.url, '--mqtt-prefix', prefix]);
		try {
			await cli.waitFor(/"event":"sink".*"state":"connected"/);
			await broker.kill();
			const savedBefore = jsonEvents(cli.stdout()).filter(event => event.event === 'image').length;
			await cli.waitFor(/"event":"sink".*"state":"retrying".*"detail":"refused/);
			// Images keep coming and being saved while the broker is away.
			await waitUntil(() => jsonEvents(cli.stdout()).filter(event => event.event === 'image').length >= savedBefore + 4, 'images while the broker is down');
			await broker.restart();
			await waitUntil(() => sinkEvents(cli).filter(event => event.state === 'connected').length >= 2, 'connected again', 15_000);
			const reconnected = sinkEvents(cli).findLast(event => event.state === 'connected')!;
			assert.ok((reconnected.dropped as number) > 0, 'images replaced while offline are counted as dropped');
			// The new broker had nothing retained: the monitor sends its state again, and new images arrive.
			const images = lastVerifiedImages(cli.stdout());
			await waitUntil(async () => {
				const state = await retained(broker.url, `${prefix}/+/image`, 150);
				return state.size === images.size;
			}, 'the image topics on the restarted broker');
		} finally {
			cli.process.kill('SIGINT');
			const result = await cli.done();
			simulator.process.kill('SIGINT');
			await simulator.done();
			await pair.close();
			assert.equal(result.code, 0, result.stderr);
		}

		// Every image the monitor reported is on disk, and each camera's image topic holds its last verified one.
		for (const event of jsonEvents(cli.stdout())) if (event.event === 'image' && typeof event.path === 'string') readFileSync(event.path);
		for (const [mac, last] of lastVerifiedImages(cli.stdout())) {
			const bytes = retainedWithMosquittoSub(broker.port, `${prefix}/${compact(mac)}/image`);
			assert.equal(sha256(bytes ?? Buffer.alloc(0)), sha256(readFileSync(last.path)), mac);
		}
	});

	it('while the broker is away nothing waits: events queue up to 500 (the oldest dropped and counted), an image keeps only its latest file; all of it goes out after the restart', async () => {
		const folder = tempDir();
		const [older, newer] = [path.join(folder, 'older.jpg'), path.join(folder, 'newer.jpg')];
		writeFileSync(older, Buffer.from([0xff, 0xd8, 1, 0xff, 0xd9]));
		writeFileSync(newer, Buffer.from([0xff, 0xd8, 2, 2, 0xff, 0xd9]));
		const publisher = new MqttPublisher(
			{url: broker.url, prefix: 'bound-test'},
			{statusTopic: 'bound-test/status', subscriptions: [], onMessage: () => undefined, onState: () => undefined},
		);
		let watcher: MqttClient | undefined;
		try {
			publisher.start();
			await waitUntil(() => publisher.connected, 'connected');
			await broker.kill();
			await waitUntil(() => publisher.state.state === 'retrying', 'retrying');
			assert.match(publisher.state.detail ?? '', /connection was lost|refused|closed/);
			for (let index = 0; index < 600; index++) publisher.publishEvent('bound-test/event', String(index));
			publisher.setRetained('bound-test/image', {file: older});
			publisher.setRetained('bound-test/image', {file: newer});
			assert.equal(publisher.dropped, 101, '100 oldest events and the image replaced before it went out');
			assert.equal(publisher.queued, 501);

			await broker.restart();
			watcher = await connectAsync(broker.url, {reconnectPeriod: 0});
			const events: number[] = [];
			let image: Buffer | undefined;
			watcher.on('message', (topic, payload) => {
				if (topic === 'bound-test/event') events.push(Number(payload.toString()));
				if (topic === 'bound-test/image') image = payload;
			});
			await watcher.subscribeAsync('bound-test/#');
			publisher.publishEvent('bound-test/event', '600');
			await waitUntil(() => events.includes(600) && image !== undefined, 'the queue sent after the restart', 15_000);
			assert.ok(
				events.every(event => event >= 100),
				'the dropped ones were the oldest',
			);
			assert.deepEqual(
				events,
				[...events].sort((a, b) => a - b),
				'in order',
			);
			assert.deepEqual(image, readFileSync(newer));
			assert.equal(publisher.queued, 0);
		} finally {
			await publisher.close(300);
			await watcher?.endAsync();
		}
	});

	it('the dashboard header shows the broker going away and coming back', async () => {
		const folder = tempDir();
		const terminal = new TmuxTerminal(`${process.execPath} ${CLI} --port ${path.join(folder, 'no-relay-yet')} --out ${path.join(folder, 'out')} --mqtt ${broker.url}; sleep 60`, {
			columns: 140,
			rows: 30,
		});
		try {
			await terminal.waitFor(screen => screen.includes('● mqtt · '), 'mqtt connected in the header');
			await broker.kill();
			// The state in the header (its reason comes last there, after the port's); the reason whole in the log.
			await terminal.waitFor(
				screen => screen.split('\n')[0]!.includes('● mqtt retrying') && /retrying mqtt:\S+: refused \(is the broker running/.test(screen),
				'mqtt retrying in the header, why in the log',
			);
			await broker.restart();
			await terminal.waitFor(screen => screen.split('\n')[0]!.includes('● mqtt · '), 'mqtt connected again', 15_000);
		} finally {
			terminal.close();
		}
	});
});

describe('MQTT with a broker that wants a password', {timeout: 60_000}, () => {
	let broker: Mosquitto;
	before(async () => {
		broker = await startMosquitto({users: {monitor: 'right-password'}});
	});
	after(async () => broker.stop());

	it('wrong credentials: a plain message, never the password, and receiving goes on; the right ones from a file connect', async () => {
		const folder = tempDir();
		const capture = path.join(folder, 'capture.bin');
		assert.equal((await runCli(['simulate', capture, '--cameras', '2', '--images', '6', '--seed', '2', '--size', '96x64'])).code, 0);
		const wrong = await runCli(['--replay', capture, '--out', path.join(folder, 'wrong'), '--mqtt', `mqtt://monitor:wrong-password@127.0.0.1:${broker.port}`]);
		assert.equal(wrong.code, 0, wrong.stderr);
		assert.match(wrong.stdout, /mqtt\s+failed mqtt:\/\/127\.0\.0\.1:\d+: not authorized/);
		assert.match(wrong.stdout, /summary\s+6 good/);
		assert.doesNotMatch(wrong.stdout + wrong.stderr, /wrong-password/);

		// A password given in the URL anyway is hidden from `ps` while the program runs.
		const running = startCli(['--port', path.join(folder, 'no-relay-yet'), '--out', path.join(folder, 'live'), '--mqtt', `mqtt://monitor:wrong-password@127.0.0.1:${broker.port}`]);
		try {
			await running.waitFor(/mqtt\s+failed .*not authorized/);
			const commandLine = readFileSync(`/proc/${running.process.pid}/cmdline`, 'utf8');
			assert.match(commandLine, /mqtt:\/\/monitor:\*\*\*@127\.0\.0\.1/);
			assert.doesNotMatch(commandLine, /wrong-password/);
		} finally {
			running.process.kill('SIGINT');
			assert.equal((await running.done()).code, 0);
		}

		const passwordFile = path.join(folder, 'password');
		writeFileSync(passwordFile, 'right-password\n');
		const right = await runCli([
			'--replay',
			capture,
			'--out',
			path.join(folder, 'right'),
			'--json',
			'--mqtt',
			`mqtt://monitor@127.0.0.1:${broker.port}`,
			'--mqtt-password-file',
			passwordFile,
		]);
		assert.equal(right.code, 0, right.stderr);
		assert.ok(
			jsonEvents(right.stdout).some(event => event.event === 'sink' && event.state === 'connected'),
			right.stdout,
		);
	});
});
