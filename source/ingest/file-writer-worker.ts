/**
 * The worker behind FileWriter: does the file system calls of each atomic,
 * no-clobber write synchronously, off the main thread. Writes come in
 * batches (all the writes asked for in one turn of the event loop), so a
 * write costs a fraction of one thread hop instead of five.
 */
import {parentPort} from 'node:worker_threads';
import {CollectEvery} from '../worker-memory.js';
import {writeFileExclusiveSync} from './atomic-file.js';

export interface WriteRequest {
	id: number;
	path: string;
	data: Uint8Array;
}

export interface WriteAnswer {
	id: number;
	error?: {code?: string; message: string};
}

const collector = new CollectEvery();
parentPort!.on('message', (batch: WriteRequest[]) => {
	const answers: WriteAnswer[] = [];
	for (const {id, path, data} of batch) {
		collector.handledBytes(data.byteLength);
		try {
			writeFileExclusiveSync(path, data);
			answers.push({id});
		} catch (error) {
			const {code, message} = error as NodeJS.ErrnoException;
			answers.push({id, error: {code, message}});
		}
	}

	parentPort!.postMessage(answers);
});
