import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {startCli} from '../helpers/cli.js';
import {fakeJpeg, wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {tempDir} from '../helpers/temp-dir.js';
import {tcpStub} from '../helpers/tcp-stub.js';

/** A broker that takes the connection (CONNACK) and then neither reads nor closes: a hung Mosquitto, a half-dead NAT. */
async function stalledBroker(): Promise<number> {
	return tcpStub(socket => {
		socket.once('data', () => {
			socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
			socket.pause();
		});
	});
}

describe('an MQTT broker that stops reading', () => {
	it('SIGTERM ends the run cleanly: the socket is cut, not waited for until the shutdown deadline', async () => {
		const port = await stalledBroker();
		const running = startCli(['--replay', '-', '--out', tempDir(), '--mqtt', `mqtt://127.0.0.1:${port}`]);
		await running.waitFor(/mqtt +connected/);
		running.process.stdin!.write(encodeFrames(wakeFrames(0x24_0a_c4_00_00_10, fakeJpeg(3000, 1), {voltage: 70})));
		await running.waitFor(/saved/);
		running.process.kill('SIGTERM');
		const result = await running.done(10_000);
		assert.equal(result.code, 0);
		assert.doesNotMatch(result.stderr, /shutdown took too long/);
		assert.match(result.stdout, /summary 1 good/);
	});
});
