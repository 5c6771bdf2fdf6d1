import assert from 'node:assert/strict';
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {settleOutputFolder} from '../../../source/outputs/output-folder-note.js';
import {tempDir} from '../../helpers/temp-dir.js';

describe('the demo’s temporary folder at exit', () => {
	for (const subfolder of ['', 'incomplete', 'unverified']) {
		it(`is kept when its only image is in ${subfolder ? `${subfolder}/` : 'the folder itself'}`, () => {
			const out = tempDir();
			mkdirSync(path.join(out, subfolder), {recursive: true});
			const reason = subfolder === 'incomplete' ? '_gap' : '';
			writeFileSync(path.join(out, subfolder, `240ac4000010_20261124_010106_850000${reason}.jpg`), 'a picture');
			assert.equal(settleOutputFolder({out, temporaryOut: true}), `images: 1 in ${out} (a temporary folder, kept: remove it when done)`);
			assert.ok(existsSync(out));
		});
	}

	it('is removed when it holds a volt.log alone', () => {
		const out = tempDir();
		writeFileSync(path.join(out, 'volt.log'), '2026-11-24 01:01:06.850,24:0a:c4:00:00:10,80\n');
		assert.equal(settleOutputFolder({out, temporaryOut: true}), `images: none; removed the temporary folder ${out}`);
		assert.equal(existsSync(out), false);
	});
});
