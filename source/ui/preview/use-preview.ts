import {useLayoutEffect, useSyncExternalStore} from 'react';
import type {PreviewCache, PreviewPlace, PreviewState} from './preview-cache.js';

export function usePreview(cache: PreviewCache, file: string | undefined, width: number, height: number, place: PreviewPlace = 'panel'): PreviewState | undefined {
	useSyncExternalStore(cache.subscribe, () => cache.version);
	useLayoutEffect(() => cache.showing(), [cache]);
	if (!file || width <= 0 || height <= 0) return undefined;
	return cache.get(file, width, height, place);
}
