import {Worker} from 'node:worker_threads';
import {compiledWorkerUrl} from '../runtime/worker-url.js';
import type {PictureRequest} from './picture-worker.js';

const WORKER_URL = compiledWorkerUrl('simulator/picture-worker.js');

/**
/**
 * Pictures, [camera][picture], made in a worker with a small heap: encoding
 * takes ~50-150 ms a picture, which in the main thread would hold back
 * signals and writes. Each jpeg-js encode builds ~4 MB of tables that outlive
 * a few scavenges anyway: a young generation larger than 2 MB only adds to the
 * start-up peak. Rejects with an AbortError once `signal` fires.
 */
export async function makePicturePool(request: PictureRequest, signal?: AbortSignal): Promise<Buffer[][]> {
	signal?.throwIfAborted();
	const worker = new Worker(WORKER_URL, {workerData: request, resourceLimits: {maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 2}});
	const pool: Buffer[][] = [];
	return new Promise((resolve, reject) => {
		const onAbort = () => {
			void worker.terminate();
			reject(signal!.reason as Error);
		};

		signal?.addEventListener('abort', onAbort, {once: true});
		worker.on('message', (pictures: Uint8Array[]) => {
			pool.push(pictures.map(picture => Buffer.from(picture.buffer, picture.byteOffset, picture.byteLength)));
			if (pool.length === request.cameras) {
				signal?.removeEventListener('abort', onAbort);
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
