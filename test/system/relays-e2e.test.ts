import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import path from 'node:path';
import {describe, it} from 'node:test';
import {renderPicture} from '../../source/simulator/jpeg-factory.js';
import {fakeJpeg, sha256Hex, wakeFrames} from '../helpers/camera-frames.js';
import {jsonEvents, runCli, startCli, waitForSaved} from '../helpers/cli.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {openPtyPair, writeToDevice, type PtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';
import {freePort} from '../helpers/free-port.js';

const SHARED = 0x24_0a_c4_77_77_77;
const AFTER_UNPLUG = 0x24_0a_c4_88_88_88;
const INTERVAL_MS = 700;

async function relayGauges(port: number): Promise<Record<string, string>> {
	const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
	const gauges: Record<string, string> = {};
	for (const match of text.matchAll(/^esp_cam_relay_connected\{port="([^"]+)"\} (\S+)$/gm)) gauges[match[1]!] = match[2]!;
	return gauges;
}

const savedHashes = (folder: string) =>
	readdirSync(folder)
		.filter(name => name.endsWith('.jpg'))
		.map(name => sha256Hex(readFileSync(path.join(folder, name))));

describe('two relays on real pseudo-terminals', {timeout: 120_000}, () => {
	it('both land (one camera heard by both saved once), one unplugged shows reconnecting while the other delivers, and /metrics says which', async () => {
		const root = tempDir();
		const a = await openPtyPair(root, 'a');
		const b = await openPtyPair(root, 'b');
		const out = path.join(root, 'out');
		const metricsPort = await freePort();
		const record = path.join(root, 'capture.bin');
		const monitor = startCli(['--headless', '--json', '--port', a.host, '--port', b.host, '--out', out, '--record', record, '--metrics', `127.0.0.1:${metricsPort}`]);
		try {
			await monitor.waitFor(new RegExp(`"state":"connected".*"port":"${a.host}"|"port":"${a.host}".*"state":"connected"`));
			await monitor.waitFor(new RegExp(`"state":"connected".*"port":"${b.host}"|"port":"${b.host}".*"state":"connected"`));
			assert.deepEqual(await relayGauges(metricsPort), {[a.host]: '1', [b.host]: '1'});

			// Distinct cameras on each relay (the simulator's MACs follow its seed), both relays at once.
			const manifests = [path.join(root, 'a.json'), path.join(root, 'b.json')];
			const simulated = await Promise.all(
				[a, b].map(async (pair, index) =>
					runCli(
						['simulate', pair.relay, '--cameras', '2', '--images', '4', '--interval', '0.3', '--seed', String(index + 1), '--size', '96x64', '--manifest', manifests[index]!],
						{timeoutMs: 60_000},
					),
				),
			);
			for (const result of simulated) assert.equal(result.code, 0, result.stderr);
			const sent = manifests.flatMap(file => JSON.parse(readFileSync(file, 'utf8')) as {sha256: string; mac: string; intact: boolean}[]);
			assert.equal(new Set(sent.map(image => image.mac)).size, 4, 'four cameras, two per relay');
			// One camera heard by both relays: the same wake on both ports.
			const shared = renderPicture(7, 1, 6, {width: 96, height: 64});
			const wake = encodeFrames(wakeFrames(SHARED, shared, {voltage: 55}));
			writeToDevice(a.relay, wake);
			writeToDevice(b.relay, wake);
			await monitor.waitFor(/also received whole by another relay/);
			await waitForSaved(monitor, sent.length + 1);

			// Relay B unplugged: B reconnecting, A still delivering.
			await b.close();
			await monitor.waitFor(new RegExp(`"state":"(reconnecting|waiting)".*"port":"${b.host}"|"port":"${b.host}".*"state":"(reconnecting|waiting)"`));
			const late = renderPicture(8, 2, 6, {width: 96, height: 64});
			writeToDevice(a.relay, encodeFrames(wakeFrames(AFTER_UNPLUG, late)));
			await waitForSaved(monitor, sent.length + 2);
			assert.deepEqual(await relayGauges(metricsPort), {[a.host]: '1', [b.host]: '0'});

			monitor.process.kill('SIGINT');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
			const saved = savedHashes(out);
			const expected = [...sent.filter(image => image.intact).map(image => image.sha256), sha256Hex(shared), sha256Hex(late)];
			assert.deepEqual(saved.sort(), expected.sort(), 'every image once, the shared one once');
			const events = jsonEvents(result.stdout);
			const images = events.filter(event => event.event === 'image' && event.outcome !== 'incomplete');
			assert.equal(images.filter(event => event.mac === '24:0a:c4:77:77:77').length, 1);
			// One wake, one battery reading, though two relays passed its HASH on.
			assert.equal(events.filter(event => event.event === 'telemetry' && event.mac === '24:0a:c4:77:77:77').length, 1);

			// Each port to its own record file; each replays to its own relay's images.
			const files = [path.join(root, 'capture.a-host.bin'), path.join(root, 'capture.b-host.bin')];
			for (const file of files) assert.ok(existsSync(file), `${file} written`);
			assert.equal(existsSync(record), false, 'with two ports no file has the bare name');
			const replayed = await runCli(['--replay', files[1]!, '--out', path.join(root, 'replayed-b')]);
			assert.equal(replayed.code, 0, replayed.stderr);
			assert.ok(savedHashes(path.join(root, 'replayed-b')).includes(sha256Hex(shared)));
			assert.equal(savedHashes(path.join(root, 'replayed-b')).includes(sha256Hex(late)), false, "A's image is not in B's record");
		} finally {
			monitor.process.kill('SIGKILL');
			await a.close();
			await b.close();
		}
	});

	it('a camera heard only by an unplugged relay is not overdue while that relay is away; its silence counts again once it is back', async () => {
		const root = tempDir();
		const a = await openPtyPair(root, 'a');
		let b = await openPtyPair(root, 'b');
		const cameras = path.join(root, 'cameras.json');
		writeFileSync(
			cameras,
			JSON.stringify({'24:0a:c4:77:77:77': {name: 'gate', interval: `${INTERVAL_MS}ms`}, '24:0a:c4:88:88:88': {name: 'garden', interval: `${INTERVAL_MS}ms`}}),
		);
		const monitor = startCli(['--headless', '--json', '--port', a.host, '--port', b.host, '--out', path.join(root, 'out'), '--cameras', cameras]);
		const connected = (pair: PtyPair) => new RegExp(`"state":"connected".*"port":"${pair.host}"|"port":"${pair.host}".*"state":"connected"`);
		const overdue = () =>
			jsonEvents(monitor.stdout())
				.filter(event => event.event === 'overdue')
				.map(event => event.name);
		try {
			await monitor.waitFor(connected(a));
			await monitor.waitFor(connected(b));
			// gate is heard through relay A, garden only through relay B.
			writeToDevice(a.relay, encodeFrames(wakeFrames(SHARED, fakeJpeg(600, 1))));
			writeToDevice(b.relay, encodeFrames(wakeFrames(AFTER_UNPLUG, fakeJpeg(600, 2))));
			await waitForSaved(monitor, 2);

			await b.close();
			await monitor.waitFor(new RegExp(`"state":"(reconnecting|waiting)".*"port":"${b.host}"|"port":"${b.host}".*"state":"(reconnecting|waiting)"`));
			// Relay A goes on hearing gate (every half interval) for more than 3 of garden's intervals.
			let wake = 0;
			const gateWakes = async (until: () => boolean) => {
				while (!until()) {
					writeToDevice(a.relay, encodeFrames(wakeFrames(SHARED, fakeJpeg(600, 10 + wake++))));
					await delay(INTERVAL_MS / 2);
				}
			};

			const away = Date.now();
			await gateWakes(() => Date.now() - away > 6 * INTERVAL_MS);
			assert.deepEqual(overdue(), [], 'garden cannot be heard while relay B is away: it is not silent');
			b = await openPtyPair(root, 'b');
			await monitor.waitFor(connected(b), 15_000);
			const back = Date.now();
			await gateWakes(() => overdue().length > 0 || Date.now() - back > 15_000);
			assert.deepEqual(overdue(), ['garden'], 'with relay B back, its silence counts');
		} finally {
			monitor.process.kill('SIGKILL');
			await a.close();
			await b.close();
		}
	});

	it('refuses auto with other ports, and a port given twice (usage errors)', async () => {
		const withAuto = await runCli(['--headless', '--port', 'auto', '--port', '/dev/ttyACM1']);
		assert.equal(withAuto.code, 2);
		assert.match(withAuto.stderr, /--port auto .* give it alone/);
		const twice = await runCli(['--headless', '--port', '/dev/ttyACM1', '--port', '/dev/ttyACM1']);
		assert.equal(twice.code, 2);
		assert.match(twice.stderr, /given twice/);
	});
});
