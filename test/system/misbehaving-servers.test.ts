import assert from 'node:assert/strict';
import {once} from 'node:events';
import {createServer as createHttpServer} from 'node:http';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {after, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {parseInfluxUrl} from '../../source/outputs/influx/influx-endpoint.js';
import {InfluxWriter} from '../../source/outputs/influx/influx-writer.js';
import {MqttPublisher} from '../../source/outputs/mqtt/mqtt-publisher.js';
import {startMosquitto} from '../helpers/mosquitto.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {runCli} from '../helpers/cli.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {freePort} from '../helpers/free-port.js';
import {tcpStub} from '../helpers/tcp-stub.js';
import {tempDir} from '../helpers/temp-dir.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A server that takes every connection and never says a word. */
const silentServer = async () => tcpStub();

/** Waits (collecting garbage meanwhile, as a long run does) until `done()`, at most `limitMs`. */
async function untilWithGc(done: () => boolean, limitMs: number): Promise<void> {
	for (let waited = 0; !done() && waited < limitMs; waited += 50) {
		gc();
		await delay(50);
	}
}

describe('InfluxDB that misbehaves rather than vanishes', () => {
	it('a server that accepts and never answers: the request times out and the state says so, also after garbage collection', async () => {
		const port = await silentServer();
		const writer = new InfluxWriter(parseInfluxUrl(`http://127.0.0.1:${port}?db=x`), {bufferPoints: 100, timeoutMs: 300, onChange: () => undefined});
		writer.start();
		try {
			await untilWithGc(() => writer.state === 'retrying', 5000);
			assert.equal(writer.state, 'retrying');
			assert.match(writer.detail ?? '', /no answer within 0\.3 s/);
		} finally {
			await writer.close(200);
		}
	});

	it('an error answer with an endless body: read only its start, and retry', async () => {
		const server = createHttpServer((_request, response) => {
			response.writeHead(500, {'content-type': 'text/plain'});
			const chunk = 'x'.repeat(64 * 1024);
			const more = () => {
				while (response.write(chunk));
			};

			response.on('drain', more);
			more();
		}).listen(0, '127.0.0.1');
		await once(server, 'listening');
		after(() => server.closeAllConnections());
		after(() => server.close());
		const {port} = server.address() as {port: number};
		const writer = new InfluxWriter(parseInfluxUrl(`http://127.0.0.1:${port}?db=x`), {bufferPoints: 100, timeoutMs: 60_000, onChange: () => undefined});
		writer.start();
		try {
			await untilWithGc(() => writer.state === 'retrying', 5000);
			assert.equal(writer.state, 'retrying');
			assert.match(writer.detail ?? '', /^server error \(HTTP 500\): x+…$/);
		} finally {
			await writer.close(200);
		}
	});
});

describe('TLS asked of a plain port', () => {
	it('mqtts:// to a plain MQTT port: the state says so in plain words, not an OpenSSL dump', async () => {
		const broker = await startMosquitto();
		after(async () => broker.stop());
		const publisher = new MqttPublisher(
			{url: `mqtts://127.0.0.1:${broker.port}`, prefix: 'tls-test'},
			{statusTopic: 'tls-test/status', subscriptions: [], onMessage: () => undefined, onState: () => undefined},
		);
		publisher.start();
		try {
			for (let waited = 0; publisher.state.state !== 'retrying' && waited < 5000; waited += 20) await delay(20);
			assert.equal(publisher.state.state, 'retrying');
			assert.equal(publisher.state.detail, 'TLS: the broker does not speak TLS on this port (a plain mqtt:// port?)');
		} finally {
			await publisher.close(200);
		}
	});

	it('https:// to a plain InfluxDB (HTTP) port: the state says so in plain words', async () => {
		const server = createHttpServer((_request, response) => response.writeHead(204).end()).listen(0, '127.0.0.1');
		await once(server, 'listening');
		after(() => server.close());
		const {port} = server.address() as {port: number};
		const writer = new InfluxWriter(parseInfluxUrl(`https://127.0.0.1:${port}?db=x`), {bufferPoints: 100, onChange: () => undefined});
		writer.start();
		try {
			await untilWithGc(() => writer.state === 'retrying', 5000);
			assert.equal(writer.state, 'retrying');
			assert.equal(writer.detail, 'TLS: the server does not speak TLS on this port (http:// rather than https://?)');
		} finally {
			await writer.close(200);
		}
	});
});

describe('what an output never sent is in the summary', () => {
	it('InfluxDB away for the whole run: the summary says how many points were never sent (as for MQTT)', async () => {
		const port = await freePort();
		const result = await runCli(['--replay', '-', '--out', tempDir(), '--influx', `http://127.0.0.1:${port}?db=x`], {
			input: encodeFrames(wakeFrames(0x24_0a_c4_00_00_10, fakeJpeg(3000, 1), {voltage: 70})),
		});
		assert.equal(result.code, 0, result.stderr);
		const summary = result.stdout.split('\n').find(line => line.includes(' summary ')) ?? '';
		assert.match(summary, /; influx, \d+ never sent/);
	});
});

describe('what waits for InfluxDB', () => {
	it('a batch whose answer has not come still counts as waiting (the header and stats said 0 while thousands hung)', async () => {
		let requests = 0;
		const server = createHttpServer((request, response) => {
			requests++;
			request.resume();
			// The first, empty write is answered; every batch after it hangs.
			if (requests === 1) request.on('end', () => response.writeHead(204).end());
		}).listen(0, '127.0.0.1');
		await once(server, 'listening');
		after(() => server.closeAllConnections());
		after(() => server.close());
		const {port} = server.address() as {port: number};
		const writer = new InfluxWriter(parseInfluxUrl(`http://127.0.0.1:${port}?db=x`), {bufferPoints: 100, batchPoints: 10, timeoutMs: 60_000, onChange: () => undefined});
		writer.start();
		try {
			await untilWithGc(() => writer.state === 'connected', 5000);
			for (let index = 0; index < 10; index++) writer.push(`m v=${index} ${index}`);
			await untilWithGc(() => requests === 2, 5000);
			assert.equal(requests, 2);
			assert.equal(writer.queued, 10);
		} finally {
			await writer.close(200);
		}
	});
});
