import assert from 'node:assert/strict';
import {once} from 'node:events';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {runCli, type CliResult} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';

interface Request {
	method: string;
	url: URL;
	headers: IncomingMessage['headers'];
	body: string;
}

type Answer = 'ok' | 'unauthorized' | 'hang';

/**
 * The InfluxDB 2.x write API has no Debian package: this server stands for it
 * and records each request, to check the contract (path, query, token, line
 * protocol) the way InfluxDB 2 documents it.
 */
async function fakeInflux2() {
	const requests: Request[] = [];
	const hanging: ServerResponse[] = [];
	let answer: Answer = 'ok';
	const server = createServer((request, response) => {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (text: string) => (body += text));
		request.on('end', () => {
			requests.push({method: request.method ?? '', url: new URL(request.url ?? '/', 'http://x'), headers: request.headers, body});
			if (answer === 'hang') hanging.push(response);
			else if (answer === 'unauthorized') response.writeHead(401, {'content-type': 'application/json'}).end('{"code":"unauthorized","message":"unauthorized access"}');
			else response.writeHead(204).end();
		});
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {
		url: `http://127.0.0.1:${(server.address() as {port: number}).port}`,
		requests,
		answer(next: Answer) {
			answer = next;
			requests.length = 0;
		},
		close() {
			for (const response of hanging) response.destroy();
			server.closeAllConnections();
			server.close();
			return Promise.resolve();
		},
	};
}

function sinkEvents(result: CliResult): Record<string, unknown>[] {
	return result.stdout
		.split('\n')
		.filter(line => line.startsWith('{'))
		.map(line => JSON.parse(line) as Record<string, unknown>)
		.filter(event => event.event === 'sink');
}

describe('InfluxDB 2.x write API: the request contract', {timeout: 60_000}, () => {
	let influx: Awaited<ReturnType<typeof fakeInflux2>>;
	const folder = tempDir();
	const capture = path.join(folder, 'capture.bin');
	before(async () => {
		influx = await fakeInflux2();
		const simulated = await runCli(['simulate', capture, '--images', '24', '--cameras', '3', '--seed', '11', '--size', '96x64']);
		assert.equal(simulated.code, 0, simulated.stderr);
	});
	after(async () => influx?.close());

	it('POST /api/v2/write?org=…&bucket=…&precision=us, Authorization: Token from INFLUXDB_TOKEN, line protocol; the token is never shown', async () => {
		influx.answer('ok');
		const out = path.join(folder, 'env');
		const result = await runCli(['--replay', capture, '--out', out, '--json', '--influx', `${influx.url}/?org=agri&bucket=balcony`], {env: {INFLUXDB_TOKEN: 'secret-token-1'}});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(
			sinkEvents(result).map(event => event.state),
			['connecting', 'connected', 'closed'],
		);
		assert.equal(sinkEvents(result)[0]?.target, `${influx.url} org=agri bucket=balcony`);
		assert.doesNotMatch(result.stdout + result.stderr, /secret-token-1/);
		assert.ok(influx.requests.length >= 2);
		for (const request of influx.requests) {
			assert.equal(request.method, 'POST');
			assert.equal(request.url.pathname, '/api/v2/write');
			assert.deepEqual(Object.fromEntries(request.url.searchParams), {org: 'agri', bucket: 'balcony', precision: 'us'});
			assert.equal(request.headers.authorization, 'Token secret-token-1');
			assert.match(request.headers['content-type'] ?? '', /^text\/plain/);
		}

		assert.equal(influx.requests[0]?.body, '', 'the first request, empty, checks the token and the bucket');
		const lines = influx.requests.flatMap(request => (request.body ? request.body.split('\n') : []));
		for (const line of lines) assert.match(line, /^(data|esp_cam_image|esp_cam_camera),mac_address=[^ ]+ [^ ]+ \d{16}$/);
		const readings = lines.filter(line => line.startsWith('data,')).map(line => /mac_address=(\S+) voltage=(\S+) /.exec(line)!.slice(1).join(' '));
		const logged = readFileSync(path.join(out, 'volt.log'), 'utf8')
			.trim()
			.split('\n')
			.map(line => line.split(',').slice(1).join(' '))
			.filter(reading => !reading.endsWith(' 100'));
		assert.deepEqual([...readings].sort(), [...logged].sort());
	});

	it('--influx-token-file wins over INFLUXDB_TOKEN', async () => {
		influx.answer('ok');
		const tokenFile = path.join(folder, 'token');
		writeFileSync(tokenFile, 'from-file\n');
		const result = await runCli(
			['--replay', capture, '--out', path.join(folder, 'file'), '--json', '--influx', `${influx.url}?org=agri&bucket=balcony`, '--influx-token-file', tokenFile],
			{env: {INFLUXDB_TOKEN: 'from-env'}},
		);
		assert.equal(result.code, 0, result.stderr);
		assert.ok(influx.requests.length > 0);
		for (const request of influx.requests) assert.equal(request.headers.authorization, 'Token from-file');
	});

	it('a token the server refuses: failed, in plain words, receiving goes on', async () => {
		influx.answer('unauthorized');
		const out = path.join(folder, 'refused');
		const result = await runCli(['--replay', capture, '--out', out, '--headless', '--influx', `${influx.url}?org=agri&bucket=balcony`], {env: {INFLUXDB_TOKEN: 'wrong-token'}});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /influx +failed http:\/\/127\.0\.0\.1:\d+ org=agri bucket=balcony: wrong credentials \(HTTP 401\): unauthorized access/);
		assert.doesNotMatch(result.stdout + result.stderr, /wrong-token/);
		assert.match(result.stdout, /summary 24 good/);
	});

	it('a server that never answers blocks nothing: every image saved, the small buffer overflows and says how much, the run ends', async () => {
		influx.answer('hang');
		const out = path.join(folder, 'hang');
		const result = await runCli(['--replay', capture, '--out', out, '--json', '--influx', `${influx.url}?org=agri&bucket=balcony`, '--influx-buffer', '5'], {
			env: {INFLUXDB_TOKEN: 't'},
		});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(readdirSync(out).filter(name => name.endsWith('.jpg')).length, 24);
		const closed = sinkEvents(result).at(-1)!;
		assert.equal(closed.state, 'closed');
		assert.ok(Number(closed.dropped) > 0, JSON.stringify(closed));
		assert.match(String(closed.detail), /^5 points not sent; no answer before the end of the run$/);
	});
});
