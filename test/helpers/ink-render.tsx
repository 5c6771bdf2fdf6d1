/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {afterEach} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {render} from 'ink-testing-library';
import {PreviewCache} from '../../source/dashboard/preview/preview-cache.js';

/** A preview cache that never decodes anything. */
export const noPreviews = new PreviewCache(() => Promise.resolve('PREVIEW'));

const mounted: (() => void)[] = [];
afterEach(() => {
	for (const unmount of mounted.splice(0)) unmount();
});

/** render(), unmounted after the test whatever happens (the dashboard has timers). */
export function show(node: Parameters<typeof render>[0]): ReturnType<typeof render> {
	const instance = render(node);
	mounted.push(instance.unmount);
	return instance;
}

/** The first frame matching `pattern`, waiting up to 5 s for it. */
export async function frameMatching(lastFrame: () => string | undefined, pattern: RegExp): Promise<string> {
	for (let waited = 0; ; waited += 20) {
		const frame = lastFrame() ?? '';
		if (pattern.test(frame)) return frame;
		if (waited > 5000) assert.fail(`no frame matching ${pattern}; last:\n${frame}`);
		await delay(20);
	}
}
