import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {loadCameraNames} from '../../../source/cli/camera-names.js';
import {tempDir} from '../../helpers/temp-dir.js';

describe('--cameras names file', () => {
	it("reads the relay's cfg.toml [usb_cdc_receiver] section", async () => {
		const file = path.join(tempDir(), 'cfg.toml');
		writeFileSync(file, '[wifi]\nchannel = 1\n\n[usb_cdc_receiver]\ngarden = "24:0A:1B:2C:3D:4E"\nporch = "aa:bb:cc:dd:ee:ff"\nqueue = 8\n');
		assert.deepEqual(
			[...(await loadCameraNames(file))],
			[
				[0x240a1b2c3d4e, 'garden'],
				[0xaabbccddeeff, 'porch'],
			],
		);
	});

	it('reads JSON and strips escape sequences from names', async () => {
		const file = path.join(tempDir(), 'names.json');
		writeFileSync(file, JSON.stringify({'24:0a:1b:2c:3d:4e': 'gate\u001B]0;pwned\u0007'}));
		assert.deepEqual([...(await loadCameraNames(file))], [[0x240a1b2c3d4e, 'gate']]);
	});

	it('refuses a bad file, naming it', async () => {
		const file = path.join(tempDir(), 'names.json');
		writeFileSync(file, '{"not-a-mac": "x"}');
		await assert.rejects(loadCameraNames(file), (error: Error) => error.message.includes(file) && error.message.includes('not-a-mac'));
	});
});
