import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {describe, it} from 'node:test';
import {findPortHolders} from '../../source/io/serial/port-holders.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {requireTool} from '../helpers/require-tool.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('findPortHolders', {timeout: 30_000}, () => {
	it('names a holder by its sanitised program name: a process chooses its own', async () => {
		requireTool('python3', 'python3');
		const pair = await openPtyPair(tempDir());
		// Renames itself with an OSC and a colour, opens the port, says so, and waits.
		const script =
			"import os,sys; open('/proc/self/comm','w').write('\\x1b]0;x\\x07ev\\x1b[31mil'); os.open(sys.argv[1], os.O_RDONLY); print('open', flush=True); sys.stdin.read()";
		const holder = spawn('python3', ['-c', script, pair.host], {stdio: ['pipe', 'pipe', 'inherit']});
		try {
			await once(holder.stdout, 'data');
			assert.deepEqual(await findPortHolders(pair.host), [{pid: holder.pid, program: 'evil'}]);
		} finally {
			holder.kill('SIGKILL');
			await pair.close();
		}
	});

	it('finds nothing for a device no one else holds, or one that is gone', async () => {
		const pair = await openPtyPair(tempDir());
		try {
			assert.deepEqual(await findPortHolders(pair.host), []);
		} finally {
			await pair.close();
		}

		assert.deepEqual(await findPortHolders(pair.host), []);
	});
});
