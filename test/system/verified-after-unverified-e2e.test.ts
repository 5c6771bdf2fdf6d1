import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {renderPicture} from '../../source/simulator/jpeg-factory.js';
import {sha256Hex, wakeFrames} from '../helpers/camera-frames.js';
import {jsonEvents, startCli} from '../helpers/cli.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {openPtyPair, writeToDevice} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';

const CAMERA = 0x24_0a_c4_66_66_66;

const hashesIn = (folder: string) =>
	readdirSync(folder)
		.filter(name => name.endsWith('.jpg'))
		.map(name => sha256Hex(readFileSync(path.join(folder, name))));

describe('one wake heard by two relays, its HASH lost on one', {timeout: 60_000}, () => {
	it('the copy with its HASH is saved verified, though the copy without it came first', async () => {
		const root = tempDir();
		const a = await openPtyPair(root, 'a');
		const b = await openPtyPair(root, 'b');
		const out = path.join(root, 'out');
		const monitor = startCli(['--headless', '--json', '--port', a.host, '--port', b.host, '--out', out, '--unverified', 'apart']);
		try {
			await monitor.waitFor(new RegExp(`"port":"${a.host.replaceAll('/', '\\/')}".*connected|connected.*"port":"${a.host}"`));
			await monitor.waitFor(new RegExp(`"port":"${b.host}"`));
			const picture = renderPicture(3, 1, 6, {width: 96, height: 64});
			// Relay B lost the HASH on its way to the computer: a whole JPEG, unverified.
			writeToDevice(b.relay, encodeFrames(wakeFrames(CAMERA, picture, {withHash: false})));
			await monitor.waitFor(/"event":"image".*"outcome":"unverified".*"path"/);
			// Relay A passes on the same wake whole, HASH and all: the proof.
			writeToDevice(a.relay, encodeFrames(wakeFrames(CAMERA, picture, {voltage: 61})));
			await monitor.waitFor(/"event":"(image|notice)".*("outcome":"verified"|another relay)/);
			monitor.process.kill('SIGTERM');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
			const verified = jsonEvents(result.stdout).filter(event => event.event === 'image' && event.outcome === 'verified');
			assert.equal(verified.length, 1, `the verified copy was not saved:\n${result.stdout}`);
			assert.deepEqual(hashesIn(out), [sha256Hex(picture)]);
		} finally {
			monitor.process.kill('SIGKILL');
			await a.close();
			await b.close();
		}
	});
});
