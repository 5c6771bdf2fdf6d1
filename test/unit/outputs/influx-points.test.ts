import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseInfluxUrl} from '../../../source/outputs/influx/influx-endpoint.js';
import {influxOptions} from '../../../source/outputs/influx/influx-flags.js';
import {imageLine, readingLine, Timestamps} from '../../../source/outputs/influx/influx-points.js';
import {RealCameras} from '../../../source/outputs/real-cameras.js';
import {toLine} from '../../../source/outputs/influx/line-protocol.js';
import {outcomeOfError, outcomeOfResponse} from '../../../source/outputs/influx/write-outcome.js';
import type {SessionEvent} from '../../../source/session/session-events.js';

const CAMERA = 0xaa_bb_cc_dd_ee_ff;
const AT = 1_764_000_000_123;

function telemetry(reading: string, at = AT): Extract<SessionEvent, {kind: 'telemetry'}> {
	const batteryPercent = /^\d+(\.\d+)?$/.test(reading) ? Number(reading) : undefined;
	return {kind: 'telemetry', at, mac: CAMERA, reading, batteryPercent, inRange: batteryPercent !== undefined, captureFailed: false};
}

describe('InfluxDB URL', () => {
	it('v1: ?db=, with user and password from the userinfo or u/p, sent as Basic auth and never shown', () => {
		const plain = parseInfluxUrl('http://pi:8086?db=cams');
		assert.equal(plain.api, 'v1');
		assert.equal(plain.writeUrl, 'http://pi:8086/write?db=cams&precision=u');
		assert.deepEqual(plain.headers, {});
		assert.equal(plain.target, 'http://pi:8086 db=cams');

		const withUser = parseInfluxUrl('https://alice:s%3Acret@pi:8086/influx/?db=cams&rp=week');
		assert.equal(withUser.writeUrl, 'https://pi:8086/influx/write?db=cams&rp=week&precision=u');
		assert.equal(withUser.headers.authorization, `Basic ${Buffer.from('alice:s:cret').toString('base64')}`);
		assert.equal(withUser.target, 'https://alice@pi:8086/influx db=cams rp=week');

		const query = parseInfluxUrl('http://pi:8086?db=cams&u=bob&p=hunter2');
		assert.equal(query.headers.authorization, `Basic ${Buffer.from('bob:hunter2').toString('base64')}`);
		for (const endpoint of [withUser, query]) assert.doesNotMatch(`${endpoint.writeUrl} ${endpoint.target}`, /s:cret|s%3Acret|hunter2/);
	});

	it('v1: a token user:password (INFLUXDB_TOKEN, --influx-token-file) keeps the password off the command line', () => {
		const endpoint = parseInfluxUrl('http://pi:8086?db=cams', 'carol:pa:ss');
		assert.equal(endpoint.headers.authorization, `Basic ${Buffer.from('carol:pa:ss').toString('base64')}`);
		assert.equal(endpoint.target, 'http://carol@pi:8086 db=cams');
		assert.throws(() => parseInfluxUrl('http://pi:8086?db=cams', 'no-colon'), /must be user:password/);
		assert.equal(parseInfluxUrl('http://dave:x@pi:8086?db=cams', 'carol:y').headers.authorization, `Basic ${Buffer.from('dave:x').toString('base64')}`, 'the URL wins');
	});

	it('v2: ?org=&bucket= with a token in Authorization: Token, never shown', () => {
		const endpoint = parseInfluxUrl('http://pi:8086?org=agri&bucket=balcony', 'tok-123');
		assert.equal(endpoint.api, 'v2');
		assert.equal(endpoint.writeUrl, 'http://pi:8086/api/v2/write?org=agri&bucket=balcony&precision=us');
		assert.deepEqual(endpoint.headers, {authorization: 'Token tok-123'});
		assert.equal(endpoint.target, 'http://pi:8086 org=agri bucket=balcony');
	});

	it('a URL it cannot use is a usage error that names what is missing, and never echoes a password', () => {
		const cases: [string, RegExp][] = [
			['pi:8086', /http:\/\/ or https:\/\//],
			['not a url', /must be a URL/],
			['http://pi:8086', /needs \?db=name/],
			['http://pi:8086?db=', /needs a database name/],
			['http://pi:8086?db=a&bucket=b', /not both/],
			['http://pi:8086?bucket=b', /org= and bucket=/],
			['http://pi:8086?org=o&bucket=b', /needs a token: set INFLUXDB_TOKEN/],
			['http://pi:8086?db=a&dbname=b', /unknown query parameter "dbname"/],
			['ftp://u:topsecret@pi?db=a', /http:\/\/ or https:\/\//],
		];
		for (const [url, message] of cases) {
			assert.throws(
				() => influxOptions({influx: url}, {}),
				(error: Error) => message.test(error.message) && !error.message.includes('topsecret'),
				url,
			);
		}

		assert.throws(() => influxOptions({'influx-keep-100': true}, {}), /--influx-keep-100 needs --influx <url>/);
		assert.throws(() => influxOptions({influx: 'http://pi?db=a', 'influx-buffer': '0'}, {}), /--influx-buffer must be a whole number/);
		assert.equal(influxOptions({}, {}), undefined);
	});

	it('the token comes from INFLUXDB_TOKEN, or from --influx-token-file (a missing file is a plain error)', () => {
		const options = influxOptions({influx: 'http://pi:8086?org=o&bucket=b'}, {INFLUXDB_TOKEN: ' from-env\n'});
		assert.equal(options?.endpoint.headers.authorization, 'Token from-env');
		assert.equal(options?.keepFirstBootReading, false);
		assert.equal(options?.bufferPoints, 10_000);
		assert.throws(
			() => influxOptions({influx: 'http://pi:8086?org=o&bucket=b', 'influx-token-file': '/nonexistent/token'}, {}),
			/cannot read --influx-token-file \/nonexistent\/token: no such file/,
		);
	});
});

describe('InfluxDB points', () => {
	it("a HASH reading is the Python receiver's point: data,mac_address=… voltage=<float>, at its arrival", () => {
		assert.equal(readingLine(telemetry('87'), new Timestamps(), false), `data,mac_address=aa:bb:cc:dd:ee:ff voltage=87 ${AT * 1000}`);
		assert.equal(readingLine(telemetry('87.5'), new Timestamps(), false), `data,mac_address=aa:bb:cc:dd:ee:ff voltage=87.5 ${AT * 1000}`);
	});

	it('the first-boot reading 100 is skipped unless kept; a reading that is no number is not written', () => {
		assert.equal(readingLine(telemetry('100'), new Timestamps(), false), undefined);
		assert.match(readingLine(telemetry('100'), new Timestamps(), true) ?? '', /^data,mac_address=aa:bb:cc:dd:ee:ff voltage=100 \d+$/);
		assert.equal(readingLine(telemetry('abc'), new Timestamps(), false), undefined);
		assert.equal(readingLine(telemetry(''), new Timestamps(), true), undefined);
	});

	it('points of one series in the same millisecond get distinct timestamps (InfluxDB would keep only the last)', () => {
		const timestamps = new Timestamps();
		const stamps = [telemetry('50'), telemetry('51'), telemetry('52', AT + 1)].map(event => readingLine(event, timestamps, false)!.split(' ')[2]);
		assert.deepEqual(stamps, [`${AT * 1000}`, `${AT * 1000 + 1}`, `${(AT + 1) * 1000}`]);
	});

	it('an image point: tags camera, outcome, reason; integer fields; a phantom MAC counts as "other" until it has a good image', () => {
		const cameras = new RealCameras();
		const image = (outcome: 'verified' | 'incomplete', mac = CAMERA): Extract<SessionEvent, {kind: 'image'}> => ({
			kind: 'image',
			at: AT,
			mac,
			outcome,
			...(outcome === 'incomplete' ? {reason: 'gap' as const} : {}),
			bytes: 5000,
			chunks: 20,
			missingFrames: outcome === 'incomplete' ? 2 : 0,
			...(outcome === 'verified' ? {batteryPercent: 77, path: '/x.jpg'} : {}),
		});
		const timestamps = new Timestamps();
		const camera = (event: Extract<SessionEvent, {kind: 'image'}>, real = cameras) => {
			real.learn(event);
			return real.label(event.mac);
		};
		assert.equal(
			imageLine(image('incomplete'), camera(image('incomplete')), timestamps),
			`esp_cam_image,mac_address=other,outcome=incomplete,reason=gap bytes=5000i,chunks=20i,missing_chunks=2i,saved=false ${AT * 1000}`,
		);
		assert.equal(
			imageLine(image('verified'), camera(image('verified')), timestamps),
			`esp_cam_image,mac_address=aa:bb:cc:dd:ee:ff,outcome=verified bytes=5000i,chunks=20i,missing_chunks=0i,voltage=77,saved=true ${AT * 1000}`,
		);
		assert.equal(camera(image('incomplete')), 'aa:bb:cc:dd:ee:ff');
		assert.equal(camera(image('incomplete'), new RealCameras([CAMERA])), 'aa:bb:cc:dd:ee:ff', 'a camera named in --cameras is real from the start');
	});

	it('line protocol escapes commas, spaces and equals signs, quotes strings, and leaves out what cannot be written', () => {
		assert.equal(
			toLine({measurement: 'my data,x', tags: {'a b': 'c,d=e', empty: ''}, fields: {'f=1': 'say "hi" \\'}, timestampUs: 5}),
			'my\\ data\\,x,a\\ b=c\\,d\\=e f\\=1="say \\"hi\\" \\\\" 5',
		);
		assert.equal(toLine({measurement: 'm', tags: {}, fields: {x: Number.NaN, y: undefined}, timestampUs: 5}), undefined);
		assert.equal(toLine({measurement: 'm', tags: {}, fields: {x: Number.POSITIVE_INFINITY, n: {integer: 3}}, timestampUs: 5}), 'm n=3i 5');
	});
});

describe('InfluxDB answers in plain words', () => {
	it('credentials and missing databases fail; bad points are refused; busy or broken servers are retried', () => {
		assert.deepEqual(outcomeOfResponse(204, '', 'v1'), {kind: 'written'});
		assert.deepEqual(outcomeOfResponse(401, '{"error":"authorization failed"}', 'v1'), {kind: 'failed', detail: 'wrong credentials (HTTP 401): authorization failed'});
		assert.equal(outcomeOfResponse(401, '{"error":"unable to parse authentication credentials"}', 'v1', false).kind, 'failed');
		assert.match((outcomeOfResponse(401, '', 'v1', false) as {detail: string}).detail, /^credentials needed \(HTTP 401\)$/);
		assert.deepEqual(outcomeOfResponse(404, '{"error":"database not found: \\"x\\""}', 'v1'), {kind: 'failed', detail: 'database not found (HTTP 404): database not found: "x"'});
		assert.deepEqual(outcomeOfResponse(404, '{"code":"not found","message":"bucket \\"b\\" not found"}', 'v2'), {
			kind: 'failed',
			detail: 'bucket or org not found (HTTP 404): bucket "b" not found',
		});
		assert.equal(outcomeOfResponse(400, '{"error":"partial write: field type conflict"}', 'v1').kind, 'rejected');
		assert.deepEqual(outcomeOfResponse(503, 'x', 'v1'), {kind: 'retry', detail: 'server busy (HTTP 503)'});
		assert.equal(outcomeOfResponse(500, '', 'v1').kind, 'retry');
	});

	it("a server's text is cleaned of escape sequences and control characters, and cut short", () => {
		const outcome = outcomeOfResponse(502, `\u001B]0;pwned\u0007<html>\u001B[31m${'x'.repeat(1000)}\r\n`, 'v1');
		assert.equal(outcome.kind, 'retry');
		const {detail} = outcome as {detail: string};
		assert.doesNotMatch(detail, /[\u0000-\u001F\u007F]/);
		assert.ok(detail.length < 160, detail);
		assert.match(detail, /^server error \(HTTP 502\): <html>x+…$/);
	});

	it('no answer: refused, DNS, timeout', () => {
		const failed = (code: string) => Object.assign(new TypeError('fetch failed'), {cause: Object.assign(new Error(code), {code})});
		assert.deepEqual(outcomeOfError(failed('ECONNREFUSED'), 10_000), {kind: 'retry', detail: 'connection refused'});
		assert.deepEqual(outcomeOfError(failed('ENOTFOUND'), 10_000), {kind: 'retry', detail: 'host not found (DNS)'});
		assert.deepEqual(outcomeOfError(new DOMException('timed out', 'TimeoutError'), 10_000), {kind: 'retry', detail: 'no answer within 10 s'});
	});
});
