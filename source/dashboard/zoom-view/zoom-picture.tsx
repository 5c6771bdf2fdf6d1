import {Box, Text} from 'ink';
import {sanitizeDeviceText} from '../../core/protocol/sanitize-text.js';
import {Preview} from '../preview/preview.js';
import type {PreviewCache} from '../preview/preview-cache.js';
import {usePreview} from '../preview/use-preview.js';
import {OverlayPicture} from './overlay-picture.js';

export interface ZoomPictureProps {
	cache: PreviewCache;
	file: string;
	width: number;
	height: number;
}

/**
 * The picture of an image file, or why it cannot be drawn: an incomplete
 * image is shown for what it is (jpeg-js gives up on a JPEG cut short).
 */
export function ZoomPicture({cache, file, width, height}: ZoomPictureProps) {
	const preview = usePreview(cache, file, width, height, 'zoom');
	if (preview?.state === 'ready' && preview.overlay) return <OverlayPicture overlay={preview.overlay} width={width} height={height} />;
	if (preview?.state !== 'failed') return <Preview cache={cache} file={file} width={width} height={height} place="zoom" />;
	return (
		<Box width={width} height={height} justifyContent="center" alignItems="center" overflow="hidden">
			<Text color="red" wrap="truncate">
				cannot be drawn: {sanitizeDeviceText(preview.reason)}
			</Text>
		</Box>
	);
}
