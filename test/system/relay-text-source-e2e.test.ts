import assert from 'node:assert/strict';
import path from 'node:path';
import {describe, it} from 'node:test';
import {startCli} from '../helpers/cli.js';
import {openPtyPair, writeToDevice} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('relay text with several relays', {timeout: 60_000}, () => {
	it('says which relay printed it (a reboot banner names the relay that rebooted)', async () => {
		const root = tempDir();
		const a = await openPtyPair(root, 'a');
		const b = await openPtyPair(root, 'b');
		const monitor = startCli(['--headless', '--port', a.host, '--port', b.host, '--out', path.join(root, 'out')]);
		try {
			await monitor.waitFor(new RegExp(`connected ${b.host}`));
			await monitor.waitFor(new RegExp(`connected ${a.host}`));
			writeToDevice(b.relay, 'ESP-ROM:esp32c3-api1-20210207\r\n');
			const line = await monitor.waitFor(/relay .*ESP-ROM/);
			assert.match(line, new RegExp(`relay +${b.host}: ESP-ROM:esp32c3-api1-20210207$`));
			writeToDevice(a.relay, 'I (312) usb_cdc_receiver: ESP-NOW receiver ready, channel 1\r\n');
			assert.match(await monitor.waitFor(/receiver ready/), new RegExp(`relay +${a.host}: I \\(312\\)`));
		} finally {
			monitor.process.kill('SIGTERM');
			await monitor.done();
			await a.close();
			await b.close();
		}
	});

	it('one relay: the line is as before, without its name', async () => {
		const root = tempDir();
		const a = await openPtyPair(root, 'a');
		const monitor = startCli(['--headless', '--port', a.host, '--out', path.join(root, 'out')]);
		try {
			await monitor.waitFor(new RegExp(`connected ${a.host}`));
			writeToDevice(a.relay, 'ESP-ROM:esp32c3-api1-20210207\r\n');
			assert.match(await monitor.waitFor(/relay .*ESP-ROM/), /relay +ESP-ROM:esp32c3-api1-20210207$/);
		} finally {
			monitor.process.kill('SIGTERM');
			await monitor.done();
			await a.close();
		}
	});
});
