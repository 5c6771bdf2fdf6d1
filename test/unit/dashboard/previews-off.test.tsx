/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import type {SessionEvent} from '../../../source/session/session-events.js';
import {CameraPanel} from '../../../source/dashboard/camera-panel/camera-panel.js';
import {DashboardModel, type CameraView} from '../../../source/dashboard/dashboard-model.js';
import {PreviewCache} from '../../../source/dashboard/preview/preview-cache.js';
import {previewNewImages} from '../../../source/dashboard/preview/preview-new-images.js';
import {SETTINGS} from '../../helpers/fake-session.js';
import {frameMatching, show} from '../../helpers/ink-render.js';

const MAC = 0x24_0a_1b_2c_3d_4e;
const CAMERA: CameraView = {
	mac: MAC,
	macText: '24:0a:1b:2c:3d:4e',
	images: {verified: 1, unverified: 0, incomplete: 0},
	frames: 4,
	gaps: 0,
	missingFrames: 0,
	checksumErrors: 0,
	lastOutcome: 'verified',
	lastImageAt: Date.now(),
	lastImagePath: '/images/older.jpg',
	throughput: 0,
	history: [],
};

function imageSaved(file: string): SessionEvent {
	return {kind: 'image', at: 0, mac: MAC, outcome: 'verified', bytes: 1000, chunks: 4, missingFrames: 0, path: file};
}

describe('previews switched off (p)', {timeout: 30_000}, () => {
	it('no longer makes the previews of new images (panels without pictures do not ask for them)', async () => {
		const made: string[] = [];
		const previews = new PreviewCache(file => {
			made.push(file);
			return Promise.resolve('PICTURE');
		});
		const listen = previewNewImages(previews, new DashboardModel(SETTINGS));
		const {lastFrame, rerender} = show(<CameraPanel camera={CAMERA} width={44} previewRows={4} selected={false} previews={previews} />);
		await frameMatching(lastFrame, /PICTURE/);
		listen(imageSaved('/images/shown.jpg'));
		for (let waited = 0; !made.includes('/images/shown.jpg'); waited += 10) {
			assert.ok(waited < 5000, 'a new image is made ready while previews are on');
			await delay(10);
		}

		// What `p` does to each panel: no rows for the picture.
		rerender(<CameraPanel camera={CAMERA} width={44} previewRows={0} selected={false} previews={previews} />);
		await delay(50);
		listen(imageSaved('/images/not-shown.jpg'));
		await delay(200);
		assert.deepEqual(made, ['/images/older.jpg', '/images/shown.jpg']);
	});
});
