import assert from 'node:assert/strict';
import {once} from 'node:events';
import {createServer} from 'node:http';
import {describe, it} from 'node:test';
import {Pipeline} from '../../source/session/pipeline.js';
import type {Session} from '../../source/session/session.js';
import type {SessionEvent} from '../../source/session/session-events.js';
import {FrameType} from '../../source/core/protocol/constants.js';
import {encodeFrame} from '../../source/core/protocol/frame-encoder.js';
import {parseInfluxUrl} from '../../source/outputs/influx/influx-endpoint.js';
import {InfluxSink} from '../../source/outputs/influx/influx-sink.js';
import {InfluxWriter} from '../../source/outputs/influx/influx-writer.js';
import {Backoff} from '../../source/outputs/backoff.js';
import {setTimeout as delay} from 'node:timers/promises';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {tempDir} from '../helpers/temp-dir.js';

const CAMERA = 0x24_0a_c4_00_00_10;
const PHANTOM = 0x24_0a_c4_00_80_10;

/** A stand-in InfluxDB that takes every write (204) and keeps the bodies. */
async function acceptingServer() {
	const bodies: string[] = [];
	const server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			bodies.push(body);
			response.writeHead(204).end();
		});
	}).listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {bodies, server, port: (server.address() as {port: number}).port};
}

describe('InfluxSink', () => {
	it('camera counters only for real cameras; a phantom MAC\'s image is tagged "other"; the state goes connecting → connected → closed', async () => {
		const {bodies, server, port} = await acceptingServer();
		try {
			const pipeline = new Pipeline({outDir: tempDir()});
			const sink = new InfluxSink({endpoint: parseInfluxUrl(`http://127.0.0.1:${port}?db=x`), keepFirstBootReading: false, bufferPoints: 100});
			const states: string[] = [];
			pipeline.on(sink.listener);
			pipeline.on((event: SessionEvent) => {
				if (event.kind === 'sink') states.push(event.state);
			});
			await pipeline.start();
			await sink.start({pipeline} as unknown as Session);
			pipeline.push(encodeFrames(wakeFrames(CAMERA, fakeJpeg(1000, 3), {voltage: 64})));
			// Two frames make the phantom a reassembler camera, but it never sends a good image.
			pipeline.push(Buffer.concat([encodeFrame(PHANTOM, FrameType.Data, 1, Buffer.alloc(200, 1)), encodeFrame(PHANTOM, FrameType.Eof, 0, Buffer.from('EOF!'))]));
			await pipeline.finish();
			assert.ok(pipeline.reassembler.cameraStats.has(PHANTOM));
			await sink.close();

			const lines = bodies.join('\n').split('\n').filter(Boolean);
			assert.deepEqual(lines.map(line => line.split(' ')[0]).sort(), [
				'data,mac_address=24:0a:c4:00:00:10',
				'esp_cam_camera,mac_address=24:0a:c4:00:00:10',
				'esp_cam_image,mac_address=24:0a:c4:00:00:10,outcome=verified',
				'esp_cam_image,mac_address=other,outcome=incomplete,reason=not-jpeg',
			]);
			assert.match(
				lines.find(line => line.startsWith('esp_cam_camera'))!,
				/ images_verified=1i,images_unverified=0i,images_incomplete=0i,frames=\d+i,bytes=\d+i,gaps=0i,missing_chunks=0i,voltage=64 \d+$/,
			);
			assert.deepEqual(states, ['connecting', 'connected', 'closed']);
			assert.deepEqual(sink.status(), {sink: 'influx', target: `http://127.0.0.1:${port} db=x`, state: 'closed', dropped: 0, queued: 0});
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});

	it('a buffer smaller than a batch is sent once half full, not left to overflow until the next flush', async () => {
		const {bodies, server, port} = await acceptingServer();
		const writer = new InfluxWriter(parseInfluxUrl(`http://127.0.0.1:${port}?db=x`), {bufferPoints: 10, flushEveryMs: 60_000, onChange: () => undefined});
		try {
			writer.start();
			for (let waited = 0; writer.state !== 'connected'; waited += 20) {
				assert.ok(waited < 5000, 'connected');
				await delay(20);
			}

			for (let index = 0; index < 5; index++) writer.push(`m v=${index} ${index}`);
			for (let waited = 0; bodies.length < 2; waited += 20) {
				assert.ok(waited < 5000, 'sent before the next flush, a minute away');
				await delay(20);
			}

			assert.equal(bodies[1], 'm v=0 0\nm v=1 1\nm v=2 2\nm v=3 3\nm v=4 4');
			assert.equal(writer.dropped, 0);
		} finally {
			await writer.close(500);
			server.closeAllConnections();
			server.close();
		}
	});

	it('more drops are still told after the wall clock steps back an hour (NTP on a Pi without a clock)', async () => {
		const server = createServer((request, response) => {
			request.resume();
			request.on('end', () => response.writeHead(500).end('busy'));
		}).listen(0, '127.0.0.1');
		await once(server, 'listening');
		const {port} = server.address() as {port: number};
		const told: number[] = [];
		const writer = new InfluxWriter(parseInfluxUrl(`http://127.0.0.1:${port}?db=x`), {
			bufferPoints: 2,
			dropsReportedEveryMs: 100,
			backoff: new Backoff({initialMs: 20, maxMs: 20}),
			onChange: () => told.push(writer.dropped),
		});
		const wallNow = Date.now;
		try {
			writer.start();
			for (let index = 0; index < 5; index++) writer.push(`m v=${index}`);
			for (let waited = 0; !told.some(dropped => dropped > 0); waited += 20) {
				assert.ok(waited < 5000, 'the first drops are told');
				await delay(20);
			}

			Date.now = () => wallNow() - 3_600_000;
			const before = writer.dropped;
			for (let index = 0; index < 5; index++) writer.push(`n v=${index}`);
			for (let waited = 0; !told.some(dropped => dropped > before); waited += 20) {
				assert.ok(waited < 5000, `more drops told within a second, not an hour later (told: ${told.join(' ')})`);
				await delay(20);
			}
		} finally {
			Date.now = wallNow;
			await writer.close(500);
			server.closeAllConnections();
			server.close();
		}
	});
});
