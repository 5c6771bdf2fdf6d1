import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import type {SessionEvent} from '../../../source/session/session-events.js';
import {JpegFactory} from '../../../source/simulator/jpeg-factory.js';
import {DashboardModel} from '../../../source/dashboard/dashboard-model.js';
import {PreviewCache} from '../../../source/dashboard/preview/preview-cache.js';
import {previewNewImages} from '../../../source/dashboard/preview/preview-new-images.js';
import {SETTINGS} from '../../helpers/fake-session.js';
import {tempDir} from '../../helpers/temp-dir.js';

const MAC = 0x24_0a_c4_00_ae_10;

function imageSaved(file: string, outcome: 'verified' | 'incomplete' = 'verified'): SessionEvent {
	return {kind: 'image', at: 0, mac: MAC, outcome, bytes: 1000, chunks: 4, missingFrames: 0, path: file};
}

/** Resolves at the model's next call for a snapshot. */
function nextSnapshotWanted(model: DashboardModel): Promise<void> {
	return new Promise(resolve => {
		const stop = model.onSnapshotWanted(() => {
			stop();
			resolve();
		});
	});
}

describe('a new image in the dashboard', {timeout: 30_000}, () => {
	it('has its panel preview made when saved, and a snapshot asked for once it is ready (not at the next tick)', async () => {
		const folder = tempDir();
		const pictures = new JpegFactory({width: 160, height: 120});
		const [older, newer] = ['older.jpg', 'newer.jpg'].map(name => path.join(folder, name));
		writeFileSync(older!, pictures.image(1, 1));
		writeFileSync(newer!, pictures.image(1, 2));
		const previews = new PreviewCache();
		const model = new DashboardModel(SETTINGS);
		const listen = previewNewImages(previews, model);

		// A panel drew the older image: its size is the one to make new previews at.
		previews.get(older!, 11, 4);
		const wanted = nextSnapshotWanted(model);
		listen(imageSaved(newer!));
		await wanted;
		assert.equal(previews.get(newer!, 11, 4).state, 'ready', 'made before the panel asks: no "decoding…"');
	});

	it('leaves incomplete images alone (a panel shows the last good one)', async () => {
		const previews = new PreviewCache();
		const model = new DashboardModel(SETTINGS);
		let asked = 0;
		model.onSnapshotWanted(() => asked++);
		previews.get(path.join(tempDir(), 'any.jpg'), 11, 4);
		previewNewImages(previews, model)(imageSaved('/nowhere/cut.jpg', 'incomplete'));
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(asked, 0);
	});
});
