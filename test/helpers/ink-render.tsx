/** @jsxRuntime automatic */
/** @jsxImportSource react */
import {afterEach} from 'node:test';
import {render} from 'ink-testing-library';
import {PreviewCache} from '../../source/ui/preview/preview-cache.js';

/** A preview cache that never decodes anything. */
export const noPreviews = new PreviewCache(async () => 'PREVIEW');

const mounted: Array<() => void> = [];
afterEach(() => {
	for (const unmount of mounted.splice(0)) unmount();
});

/** render(), unmounted after the test whatever happens (the dashboard has timers). */
export function show(node: Parameters<typeof render>[0]): ReturnType<typeof render> {
	const instance = render(node);
	mounted.push(instance.unmount);
	return instance;
}
