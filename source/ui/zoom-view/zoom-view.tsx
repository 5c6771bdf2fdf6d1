import {Box, Text} from 'ink';
import type {CameraView} from '../ingest-tracker.js';
import {ago, clock} from '../format-time.js';
import {Preview} from '../preview/preview.js';
import type {PreviewCache} from '../preview/preview-cache.js';

export interface ZoomViewProps {
	camera?: CameraView;
	previews: PreviewCache;
	previewsAllowed: boolean;
	width: number;
	height: number;
	now: number;
}

export function ZoomView({camera, previews, previewsAllowed, width, height, now}: ZoomViewProps) {
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1}>
			<Text wrap="truncate" bold>
				{camera ? `${camera.name ? `${camera.name} ` : ''}${camera.macText}` : 'no camera selected'}
				<Text dimColor>
					{camera?.lastImageAt === undefined ? '' : ` · last image ${clock(camera.lastImageAt)} (${ago(camera.lastImageAt, now)})`} · Esc back
				</Text>
			</Text>
			{camera?.lastImagePath === undefined ? (
				<Text dimColor>no image yet</Text>
			) : previewsAllowed ? (
				<Preview cache={previews} file={camera?.lastImagePath} width={width - 4} height={height - 3} />
			) : (
				<Text dimColor>previews need a colour terminal</Text>
			)}
		</Box>
	);
}
