import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {jsonEvents, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';

interface SentImage {
	sha256: string;
	intact: boolean;
}

describe('relay reboots and packets lost on the air, through the CLI', {timeout: 60_000}, () => {
	it('every intact image is verified byte for byte, nothing damaged is called good, the ROM banner is shown', async () => {
		const root = tempDir();
		const capture = path.join(root, 'capture.bin');
		const manifest = path.join(root, 'sent.json');
		const simulated = await runCli(
			['simulate', capture, '--cameras', '3', '--images', '60', '--seed', '5', '--reboots', '0.2', '--air-loss', '0.01', '--size', '96x64', '--manifest', manifest],
			{timeoutMs: 30_000},
		);
		assert.equal(simulated.code, 0, simulated.stderr);
		assert.match(simulated.stderr, /[1-9]\d* lost on the air, [1-9]\d* relay reboots/);

		const result = await runCli(['--replay', capture, '--out', path.join(root, 'out'), '--json']);
		assert.equal(result.code, 0, result.stderr);
		const events = jsonEvents(result.stdout);
		const sent = JSON.parse(readFileSync(manifest, 'utf8')) as SentImage[];
		const sentHashes = new Set(sent.map(image => image.sha256));
		const images = events.filter(event => event.event === 'image');
		const goodHashes = new Set<string>();
		for (const image of images.filter(event => event.outcome !== 'incomplete')) {
			const hash = createHash('sha256')
				.update(readFileSync(image.path as string))
				.digest('hex');
			assert.ok(sentHashes.has(hash), `${String(image.path)} is not an image that was sent`);
			goodHashes.add(hash);
		}

		for (const image of sent.filter(image => image.intact)) assert.ok(goodHashes.has(image.sha256), `intact image ${image.sha256} not saved`);
		const reasons = new Set(images.map(event => event.reason));
		assert.ok(reasons.has('not-jpeg'), 'the tail of an image cut by a reboot goes to incomplete/ as not-jpeg');
		const relayLines = events.filter(event => event.event === 'relay-text').map(event => event.text);
		assert.ok(relayLines.filter(text => text === 'ESP-ROM:esp32c3-api1-20210207').length >= 2, 'the ROM banner after each reboot');
	});
});
