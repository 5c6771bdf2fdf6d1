/**
 * Makes the demo's pictures in a worker thread with a small heap: jpeg-js
 * builds large tables for every encode, and in the main thread that garbage
 * swelled the process by ~150 MB. Here it stays bounded, and is all given
 * back when the worker ends.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {renderPicture, type PictureSize} from './jpeg-factory.js';

export interface PictureRequest {
	cameras: number;
	/** The length of each camera's cycle of scenes. */
	picturesPerCamera: number;
	/** Make only the first this many of each cycle (a short run needs few); default all. */
	count?: number;
	size: PictureSize;
}

const {cameras, picturesPerCamera, count = picturesPerCamera, size} = workerData as PictureRequest;
for (let camera = 0; camera < cameras; camera++) {
	const pictures: Uint8Array[] = [];
	for (let picture = 0; picture < count; picture++) pictures.push(renderPicture(camera, picture, picturesPerCamera, size));
	parentPort!.postMessage(pictures);
}
