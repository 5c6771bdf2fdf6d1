/**
 * Renders previews off the main thread: decoding and scaling a camera JPEG
 * (jimp, inside terminal-image) can take tens of milliseconds, hundreds for
 * a large image on a Raspberry Pi, and the main thread must keep reading the
 * serial port (the relay drops output when the host stops reading for ~50 ms).
 */
import {readFile} from 'node:fs/promises';
import {parentPort} from 'node:worker_threads';
import terminalImage from 'terminal-image';

export interface PreviewRequest {
	id: number;
	file: string;
	width: number;
	height: number;
}

export interface PreviewAnswer {
	id: number;
	text?: string;
	error?: string;
}

parentPort!.on('message', async ({id, file, width, height}: PreviewRequest) => {
	let answer: PreviewAnswer;
	try {
		// Ink owns the screen: no native image protocols (iTerm, kitty), only text cells.
		const text = await terminalImage.buffer(await readFile(file), {width, height, preserveAspectRatio: true, preferNativeRender: false});
		answer = {id, text: text.replace(/\n+$/, '')};
	} catch (error) {
		answer = {id, error: (error as Error).message.split('\n')[0] ?? 'cannot decode'};
	}

	parentPort!.postMessage(answer);
});
