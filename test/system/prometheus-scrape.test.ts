import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {after, before, describe, it} from 'node:test';
import {runCli, startCli} from '../helpers/cli.js';
import {freePort} from '../helpers/free-port.js';
import {requireTool} from '../helpers/require-tool.js';
import {tempDir} from '../helpers/temp-dir.js';

interface Sample {
	metric: Record<string, string>;
	value: [number, string];
}

/** A real Prometheus (Debian's `prometheus`) scraping one target every second, its data in `folder`. */
async function startPrometheus(target: string, folder: string) {
	requireTool('prometheus', 'prometheus');
	requireTool('promtool', 'prometheus');
	const port = await freePort();
	const config = path.join(folder, 'prometheus.yml');
	writeFileSync(config, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: esp-cam\n    static_configs:\n      - targets: ['${target}']\n`);
	const server = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${path.join(folder, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let log = '';
	server.stderr.on('data', (chunk: Buffer) => {
		log = (log + chunk.toString()).slice(-4000);
	});
	const exited = once(server, 'exit');
	const query = async (promql: string): Promise<Sample[]> => {
		const response = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`);
		const body = (await response.json()) as {status: string; data: {result: Sample[]}};
		assert.equal(body.status, 'success');
		return body.data.result;
	};

	return {
		query,
		/** Polls `promql` until `accept` takes its result (Prometheus scrapes each second). */
		async until(promql: string, accept: (samples: Sample[]) => boolean, timeoutMs = 20_000): Promise<Sample[]> {
			const deadline = Date.now() + timeoutMs;
			let last: Sample[] | string = 'no answer';
			while (Date.now() < deadline) {
				last = await query(promql).catch((error: unknown) => String(error));
				if (typeof last !== 'string' && accept(last)) return last;
				await delay(250);
			}

			throw new Error(`Prometheus never gave what was expected for ${promql}; last: ${JSON.stringify(last)}\nits log:\n${log}`);
		},
		async stop() {
			server.kill('SIGTERM');
			await exited;
		},
	};
}

describe('a real Prometheus scraping /metrics', {timeout: 90_000}, () => {
	const out = tempDir();
	const capture = path.join(tempDir(), 'capture.bin');
	const prometheusFolder = tempDir();
	let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
	let metricsPort: number;
	let cli: ReturnType<typeof startCli>;

	before(async () => {
		const simulated = await runCli(['simulate', capture, '--cameras', '3', '--images', '24', '--seed', '21', '--corrupt', '0.02', '--size', '96x64']);
		assert.equal(simulated.code, 0, simulated.stderr);
		metricsPort = await freePort();
		prometheus = await startPrometheus(`127.0.0.1:${metricsPort}`, prometheusFolder);
		// The capture on stdin, left open: the monitor keeps serving what it counted.
		cli = startCli(['--replay', '-', '--json', '--out', out, '--metrics', `127.0.0.1:${metricsPort}`]);
		cli.process.stdin!.write(readFileSync(capture));
	});

	after(async () => {
		cli.process.kill('SIGKILL');
		await prometheus?.stop();
	});

	it('stores what the monitor counted: images by camera and outcome, battery, checksum errors; the text passes promtool', async () => {
		await prometheus.until('up{job="esp-cam"}', samples => samples[0]?.value[1] === '1');
		// The images the monitor reported, by outcome, once the stream is taken in (images come at the disk's pace).
		let events: Record<string, unknown>[] = [];
		for (let settled = 0, last = -1; settled < 4; await delay(250)) {
			events = cli
				.stdout()
				.split('\n')
				.filter(Boolean)
				.map(line => JSON.parse(line) as Record<string, unknown>);
			const images = events.filter(event => event.event === 'image').length;
			settled = images === last && images > 0 ? settled + 1 : 0;
			last = images;
		}

		const images = events.filter(event => event.event === 'image');
		const byOutcome = new Map<string, number>();
		for (const image of images) byOutcome.set(String(image.outcome), (byOutcome.get(String(image.outcome)) ?? 0) + 1);
		assert.ok((byOutcome.get('verified') ?? 0) > 10, `verified images: ${JSON.stringify([...byOutcome])}`);
		const stored = await prometheus.until(
			'sum by (outcome) (esp_cam_images_total)',
			samples => samples.reduce((sum, sample) => sum + Number(sample.value[1]), 0) === images.length,
		);
		for (const sample of stored) assert.equal(Number(sample.value[1]), byOutcome.get(sample.metric.outcome!) ?? 0, `outcome ${sample.metric.outcome}`);

		// Each camera's battery is its last reading.
		const battery = await prometheus.query('esp_cam_battery_percent');
		const lastReading = new Map<string, number>();
		for (const event of events) if (event.event === 'telemetry' && typeof event.voltage === 'number') lastReading.set(String(event.mac), event.voltage);
		assert.equal(battery.length, lastReading.size);
		for (const sample of battery) assert.equal(Number(sample.value[1]), lastReading.get(sample.metric.mac!), sample.metric.mac);

		const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
		const lint = spawn('promtool', ['check', 'metrics'], {stdio: ['pipe', 'pipe', 'pipe']});
		let problems = '';
		lint.stdout.on('data', (chunk: Buffer) => (problems += chunk.toString()));
		lint.stderr.on('data', (chunk: Buffer) => (problems += chunk.toString()));
		lint.stdin.end(text);
		await once(lint, 'exit');
		// prom-client's own process metrics name three gauges *_total, which promtool's lint flags; ours must pass.
		const ours = problems.split('\n').filter(line => line.trim() !== '' && !/^nodejs_active_(handles|requests|resources)_total non-counter/.test(line));
		assert.deepEqual(ours, [], problems);

		// The end of input closes nothing more (every image had its EOF or was closed): the summary's figures are Prometheus's.
		cli.process.stdin!.end();
		const finished = await cli.done();
		const summary = JSON.parse(finished.stdout.trim().split('\n').at(-1)!) as {event: string; checksumErrors: number; imagesGood: number; imagesIncomplete: number};
		assert.equal(summary.event, 'summary');
		const checksum = await prometheus.query('esp_cam_checksum_errors_total');
		assert.ok(summary.checksumErrors > 0, 'the capture had damaged frames');
		assert.equal(Number(checksum[0]!.value[1]), summary.checksumErrors);
		assert.equal(summary.imagesGood + summary.imagesIncomplete, images.length, 'the summary counts the images Prometheus has');
	});
});
