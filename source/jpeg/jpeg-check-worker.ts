/**
 * The worker behind JpegChecker: the strict decode of a whole image is
 * CPU work that must not hold up the main thread, which reads the serial port.
 */
import {parentPort} from 'node:worker_threads';
import {CollectEvery} from '../worker-memory.js';
import {checkJpeg, type JpegVerdict} from './strict-jpeg.js';

export interface CheckRequest {
	id: number;
	data: Uint8Array;
}

export interface CheckAnswer {
	id: number;
	verdict: JpegVerdict;
}

const collector = new CollectEvery();
parentPort!.on('message', ({id, data}: CheckRequest) => {
	parentPort!.postMessage({id, verdict: checkJpeg(data)} satisfies CheckAnswer);
	collector.handledBytes(data.byteLength);
});
