import assert from 'node:assert/strict';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {Pipeline} from '../../source/session/pipeline.js';
import {FrameType} from '../../source/core/protocol/constants.js';
import {encodeFrame} from '../../source/core/protocol/frame-encoder.js';
import {CameraMetrics} from '../../source/outputs/metrics/camera-metrics.js';
import {parseMetricsAddress, serveMetrics} from '../../source/outputs/metrics/metrics-server.js';
import {renderPicture} from '../../source/simulator/jpeg-factory.js';
import {wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {runCli, startCli} from '../helpers/cli.js';
import {freePort} from '../helpers/free-port.js';
import {tempDir} from '../helpers/temp-dir.js';

const picture = renderPicture(2, 1, 6, {width: 160, height: 120});
const CAMERA = 0x24_0a_c4_00_00_10;
const PHANTOM = 0x24_0a_c4_00_80_10;

async function scrape(port: number): Promise<string> {
	const response = await fetch(`http://127.0.0.1:${port}/metrics`);
	assert.equal(response.status, 200);
	assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
	return response.text();
}

describe('Prometheus metrics', {timeout: 60_000}, () => {
	it('reads [host:]port', () => {
		assert.deepEqual(parseMetricsAddress('9464'), {port: 9464});
		assert.deepEqual(parseMetricsAddress('127.0.0.1:9464'), {host: '127.0.0.1', port: 9464});
		assert.deepEqual(parseMetricsAddress('[::1]:9464'), {host: '::1', port: 9464});
		for (const bad of ['', 'x', '0', '70000', 'host:', ':9464x']) assert.equal(parseMetricsAddress(bad), undefined, bad);
	});

	it('a camera named in --cameras has its series from the start, at 0', async () => {
		const text = await new CameraMetrics(() => undefined, [CAMERA]).registry.metrics();
		assert.match(text, /^esp_cam_images_total\{mac="24:0a:c4:00:00:10",outcome="verified"\} 0$/m);
	});

	it('a real camera gets its labels; a phantom MAC counts under mac="other"; totals, battery, last image and process metrics are served over HTTP', async () => {
		const pipeline = new Pipeline({outDir: tempDir()});
		const metrics = new CameraMetrics(() => pipeline);
		pipeline.on(metrics.listener);
		await pipeline.start();
		const server = await serveMetrics(metrics.registry, {host: '127.0.0.1', port: 0});
		try {
			pipeline.push(encodeFrames(wakeFrames(CAMERA, picture, {voltage: 77})));
			// A lone two-frame image from a MAC that never sends a good image: a phantom.
			pipeline.push(Buffer.concat([encodeFrame(PHANTOM, FrameType.Data, 1, Buffer.alloc(200, 1)), encodeFrame(PHANTOM, FrameType.Eof, 0, Buffer.from('EOF!'))]));
			const broken = encodeFrame(CAMERA, FrameType.Data, 1, Buffer.alloc(50, 2));
			broken.writeUInt8(broken.readUInt8(broken.length - 6) ^ 0xff, broken.length - 6);
			pipeline.push(broken);
			pipeline.emit({kind: 'port', at: Date.now(), state: 'connected', port: '/dev/ttyACM0'});
			await pipeline.finish();
			const text = await scrape(server.port);
			assert.match(text, /^esp_cam_relay_connected\{port="\/dev\/ttyACM0"\} 1$/m);
			assert.match(text, /^esp_cam_images_total\{mac="24:0a:c4:00:00:10",outcome="verified"\} 1$/m);
			assert.match(text, /^esp_cam_images_total\{mac="other",outcome="incomplete"\} \d+$/m);
			assert.doesNotMatch(text, /24:0a:c4:00:80:10/, 'no labels for the phantom');
			// A real camera's series exist from its first good image, at 0 where nothing happened.
			assert.match(text, /^esp_cam_images_total\{mac="24:0a:c4:00:00:10",outcome="unverified"\} 0$/m);
			assert.match(text, /^esp_cam_missing_chunks_total\{mac="24:0a:c4:00:00:10"\} 0$/m);
			assert.match(text, /^esp_cam_battery_percent\{mac="24:0a:c4:00:00:10"\} 77$/m);
			assert.match(text, /^esp_cam_last_image_timestamp_seconds\{mac="24:0a:c4:00:00:10"\} \d+(\.\d+)?$/m);
			assert.match(text, /^esp_cam_frames_total\{mac="24:0a:c4:00:00:10"\} \d+$/m);
			assert.match(text, /^esp_cam_checksum_errors_total \d+$/m);
			assert.match(text, /^process_resident_memory_bytes \d+/m);
			const frames = Number(/^esp_cam_frames_total\{mac="24:0a:c4:00:00:10"\} (\d+)$/m.exec(text)![1]);
			const again = await scrape(server.port);
			assert.equal(Number(/^esp_cam_frames_total\{mac="24:0a:c4:00:00:10"\} (\d+)$/m.exec(again)![1]), frames, 'a second scrape does not count the frames again');
			assert.equal((await fetch(`http://127.0.0.1:${server.port}/`)).status, 404);
		} finally {
			await server.close();
		}
	});

	it('the CLI serves them while it runs (demo, headless); a bad or busy address is a plain error', async () => {
		const port = await freePort();
		const cli = startCli(['--demo', '--demo-cameras', '2', '--headless', '--out', tempDir(), '--metrics', `127.0.0.1:${port}`]);
		try {
			await cli.waitFor(/saved/, 30_000);
			let text = '';
			for (let tries = 0; tries < 50 && !text.includes('esp_cam_images_total{mac="24:0a'); tries++) {
				text = await scrape(port);
				await delay(100);
			}

			assert.match(text, /esp_cam_images_total\{mac="24:0a:c4:[0-9a-f:]+",outcome="verified"\} [1-9]/);
			const busy = await runCli(['--demo', '--headless', '--out', tempDir(), '--metrics', `127.0.0.1:${port}`]);
			assert.equal(busy.code, 1);
			assert.match(busy.stderr, /cannot serve metrics on 127\.0\.0\.1:\d+: the port is in use/);
		} finally {
			cli.process.kill('SIGINT');
			assert.equal((await cli.done()).code, 0);
		}

		const bad = await runCli(['--metrics', 'nine']);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /--metrics must be a port or host:port/);
	});
});
