/**
 * The worker behind JpegChecker: the strict decode of a whole image is
 * CPU work that must not hold up the main thread, which reads the serial port.
 * Images come in the shared ring (workerData), or copied when they do not fit.
 */
import {parentPort, workerData} from 'node:worker_threads';
import type {RingSlot} from '../../runtime/shared-byte-ring.js';
import {checkJpeg, type JpegVerdict} from '../../core/jpeg/strict-jpeg.js';

export type CheckRequest = {id: number; slot: RingSlot} | {id: number; data: Uint8Array};

export interface CheckAnswer {
	id: number;
	verdict: JpegVerdict;
}

const ring = workerData as SharedArrayBuffer;
parentPort!.on('message', (request: CheckRequest) => {
	const data = 'slot' in request ? new Uint8Array(ring, request.slot.offset, request.slot.length) : request.data;
	parentPort!.postMessage({id: request.id, verdict: checkJpeg(data)} satisfies CheckAnswer);
});
