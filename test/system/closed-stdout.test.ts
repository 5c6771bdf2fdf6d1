import assert from 'node:assert/strict';
import {existsSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {startCli} from '../helpers/cli.js';
import {halfAnImage, HALF_IMAGE_BYTES} from '../helpers/half-image.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('stdout closed by its reader (EPIPE: `| head -3`, an SSH client gone without a pty)', {timeout: 60_000}, () => {
	it('headless mode keeps the open image, says the summary on stderr, exits 0 without a stack trace', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const out = path.join(root, 'out');
		const record = path.join(root, 'record.bin');
		const monitor = startCli(['--headless', '--port', pair.host, '--out', out, '--record', record]);
		try {
			await monitor.waitFor(/connected/);
			halfAnImage(pair.relay);
			while (!(existsSync(record) && statSync(record).size >= HALF_IMAGE_BYTES)) await delay(25);
			monitor.process.stdout!.destroy();
			// Something to say: the next line meets the closed pipe.
			writeFileSync(pair.relay, 'I (1234) usb_cdc_receiver: still here\n');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
			assert.doesNotMatch(result.stderr, /EPIPE|at .*\(.*:\d+:\d+\)|Error/, 'no stack trace');
			assert.match(result.stderr, /summary 0 good .* 1 incomplete/);
			const kept = readdirSync(path.join(out, 'incomplete'));
			assert.deepEqual(
				kept.map(name => name.replace(/_\d{8}_\d{6}_\d{6}/, '')),
				['240a1b2c3d4e_shutdown.jpg'],
			);
		} finally {
			monitor.process.kill('SIGKILL');
			await pair.close();
		}
	});
});
