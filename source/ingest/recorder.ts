import {createWriteStream, type WriteStream} from 'node:fs';
import {FatalError} from './fatal-error.js';

/** `--record FILE`: appends exactly the bytes received, nothing else. */
export class Recorder {
	private readonly stream: WriteStream;
	private failure?: Error;

	private constructor(readonly file: string, stream: WriteStream) {
		this.stream = stream;
		stream.on('error', error => {
			this.failure = error;
		});
	}

	static async open(file: string): Promise<Recorder> {
		const stream = createWriteStream(file, {flags: 'a'});
		await new Promise<void>((resolve, reject) => {
			stream.once('open', () => resolve());
			stream.once('error', error => reject(new FatalError(`cannot write record file ${file}: ${error.message}`)));
		});
		return new Recorder(file, stream);
	}

	/** The last write error, if the disk refused the record file. */
	get error(): Error | undefined {
		return this.failure;
	}

	write(chunk: Uint8Array): void {
		if (!this.failure) this.stream.write(chunk);
	}

	/** Flushes everything written so far to the file and closes it. */
	async close(): Promise<void> {
		await new Promise<void>(resolve => {
			this.stream.end(() => resolve());
			this.stream.once('error', () => resolve());
		});
	}
}
