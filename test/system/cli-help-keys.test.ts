import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';

describe('--help names the keys the readme names', () => {
	it('the zoom view history keys and the full-screen log keys, not only their names', async () => {
		const {stdout, code} = await runCli(['--help']);
		assert.equal(code, 0);
		const keys = stdout.slice(stdout.indexOf('Keys (dashboard)'));
		assert.match(keys, /in zoom: ←→ older\/newer image, Home\/End oldest\/newest/);
		assert.match(keys, /l log: pane → full screen → hidden/);
		assert.match(keys, /full-screen log: ↑↓ PgUp\/PgDn Home\/End scroll · f this camera · \/ search · n\/N next\/previous match/);
	});
});
