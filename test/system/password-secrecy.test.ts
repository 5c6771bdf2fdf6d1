import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {runCli, startCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';

const SECRET = 'Hunter2secret';

/** What `ps` shows of a running monitor started with `args`. */
async function commandLineOf(args: string[]): Promise<string> {
	const running = startCli(['--replay', '-', '--out', tempDir(), ...args]);
	try {
		// The title is set before anything else runs; the first sink line comes after it.
		await running.waitFor(/connecting/);
		return readFileSync(`/proc/${running.process.pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
	} finally {
		running.process.kill('SIGTERM');
		await running.done();
	}
}

describe('passwords stay out of ps, messages and output', () => {
	for (const url of [`http://admin:${SECRET}@127.0.0.1:1?db=x`, `http://127.0.0.1:1?db=x&u=admin&p=${SECRET}`]) {
		it(`--influx ${url.replace(SECRET, '<secret>')}: not in the command line ps shows`, async () => {
			const shown = await commandLineOf(['--influx', url]);
			assert.match(shown, /esp-cam-monitor/);
			assert.doesNotMatch(shown, new RegExp(SECRET));
		});
	}

	it('an @ in an MQTT password (unencoded): no part of it in the command line', async () => {
		const shown = await commandLineOf(['--mqtt', `mqtt://u:${SECRET}@x${SECRET}@127.0.0.1:1`]);
		assert.match(shown, /esp-cam-monitor/);
		assert.doesNotMatch(shown, new RegExp(SECRET));
	});

	it('a / in an MQTT password (unencoded): the usage error does not show it', async () => {
		const result = await runCli(['--replay', '-', '--out', tempDir(), '--mqtt', `mqtt://u:${SECRET}/x@127.0.0.1:1`], {input: Buffer.alloc(0)});
		assert.equal(result.code, 2);
		assert.match(result.stderr, /--mqtt must be a URL/);
		assert.doesNotMatch(result.stderr + result.stdout, new RegExp(SECRET));
	});

	for (const flag of ['--mqtt', '--influx']) {
		it(`a % in a ${flag} password is taken as it is: no crash, no stack trace, no secret shown`, async () => {
			const url = flag === '--mqtt' ? `mqtt://u:${SECRET}%zz@127.0.0.1:1` : `http://u:${SECRET}%zz@127.0.0.1:1?db=x`;
			const result = await runCli(['--replay', '-', '--out', tempDir(), flag, url], {input: Buffer.alloc(0)});
			assert.equal(result.code, 0, result.stderr);
			assert.doesNotMatch(result.stderr, /URIError|at /);
			assert.doesNotMatch(result.stderr + result.stdout, new RegExp(SECRET));
		});
	}
});
