import {Box, Text} from 'ink';
import {usePreview} from './use-preview.js';
import type {PreviewCache, PreviewPlace} from './preview-cache.js';

export interface PreviewProps {
	cache: PreviewCache;
	file?: string;
	width: number;
	height: number;
	place?: PreviewPlace;
}

/** The last good image as coloured text cells, or a placeholder of the same size. */
export function Preview({cache, file, width, height, place = 'panel'}: PreviewProps) {
	const preview = usePreview(cache, file, width, height, place);
	const placeholder =
		preview === undefined ? 'no image yet' : preview.state === 'loading' ? 'decoding…' : preview.state === 'failed' ? 'cannot decode this image' : undefined;
	return (
		<Box width={width} height={height} justifyContent="center" alignItems="center" overflow="hidden">
			{placeholder === undefined && preview?.state === 'ready' ? <Text>{preview.text}</Text> : <Text dimColor>{placeholder}</Text>}
		</Box>
	);
}
