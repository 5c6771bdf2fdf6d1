import {useLayoutEffect, useSyncExternalStore} from 'react';
import type {PreviewCache, PreviewPlace, PreviewState} from './preview-cache.js';

export function usePreview(cache: PreviewCache, file: string | undefined, width: number, height: number, place: PreviewPlace = 'panel'): PreviewState | undefined {
	const shown = file !== undefined && file !== '' && width > 0 && height > 0;
	// Renders again when this preview changes, not when another one is made (a new image of another camera).
	useSyncExternalStore(cache.subscribe, () => (shown ? cache.peek(file, width, height, place) : undefined));
	useLayoutEffect(() => cache.showing(), [cache]);
	if (!shown) return undefined;
	return cache.get(file, width, height, place);
}
