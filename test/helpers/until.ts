import {setTimeout as delay} from 'node:timers/promises';

/** Resolves once `condition` holds (checked every `everyMs`); fails naming `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000, everyMs = 20): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!condition()) {
		if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await delay(everyMs);
	}
}
