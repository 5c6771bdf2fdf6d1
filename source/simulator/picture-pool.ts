import {Worker} from 'node:worker_threads';
import {compiledWorkerUrl} from '../worker-url.js';
import type {PictureRequest} from './picture-worker.js';

const WORKER_URL = compiledWorkerUrl('simulator/picture-worker.js');

/**
 * The demo's pictures, [camera][picture], made in a worker with a small heap.
 * Each jpeg-js encode builds ~4 MB of tables that outlive a few scavenges
 * anyway: a young generation larger than 2 MB only adds to the start-up peak.
 */
export async function makePicturePool(request: PictureRequest): Promise<Buffer[][]> {
	const worker = new Worker(WORKER_URL, {workerData: request, resourceLimits: {maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 2}});
	const pool: Buffer[][] = [];
	return new Promise((resolve, reject) => {
		worker.on('message', (pictures: Uint8Array[]) => {
			pool.push(pictures.map(picture => Buffer.from(picture.buffer, picture.byteOffset, picture.byteLength)));
			if (pool.length === request.cameras) {
				void worker.terminate();
				resolve(pool);
			}
		});
		worker.on('error', reject);
		worker.on('exit', code => {
			if (pool.length < request.cameras) reject(new Error(`picture worker stopped (code ${code})`));
		});
	});
}
