/**
 * The worker behind FileWriter: does the file system calls of each atomic,
 * no-clobber write synchronously, off the main thread. Writes come in
 * batches (all the writes asked for in one turn of the event loop), so a
 * write costs a fraction of one thread hop instead of five. The bytes lie in
 * the shared ring (workerData), or are copied when they do not fit in it.
 */
import {parentPort, workerData} from 'node:worker_threads';
import type {RingSlot} from '../../runtime/shared-byte-ring.js';
import {writeFileExclusiveSync} from './atomic-file.js';

export type WriteRequest = {id: number; path: string; slot: RingSlot} | {id: number; path: string; data: Uint8Array};

export interface WriteAnswer {
	id: number;
	error?: {code?: string; message: string};
}

export interface WriterThreadData {
	ring: SharedArrayBuffer;
	/** Flush each file's bytes to the disk before naming it. */
	durable: boolean;
}

const {ring, durable} = workerData as WriterThreadData;
parentPort!.on('message', (batch: WriteRequest[]) => {
	const answers: WriteAnswer[] = [];
	for (const request of batch) {
		const data = 'slot' in request ? new Uint8Array(ring, request.slot.offset, request.slot.length) : request.data;
		try {
			writeFileExclusiveSync(request.path, data, durable);
			answers.push({id: request.id});
		} catch (error) {
			const {code, message} = error as NodeJS.ErrnoException;
			answers.push({id: request.id, error: {code, message}});
		}
	}

	parentPort!.postMessage(answers);
});
