import {Box, Text} from 'ink';
import type {HistoryAnchor, ImageHistory} from '../history/image-history.js';
import type {CameraView} from '../dashboard-model.js';
import {ago, clock} from '../format-time.js';
import type {PreviewCache} from '../preview/preview-cache.js';
import {usePreview} from '../preview/use-preview.js';
import {TickingText} from '../ticking-text/ticking-text.js';
import {HistoryCaption} from './history-caption.js';
import {useHistoryView} from './use-history-view.js';
import {ZoomPicture} from './zoom-picture.js';

export interface ZoomViewProps {
	camera?: CameraView;
	previews: PreviewCache;
	previewsAllowed: boolean;
	width: number;
	height: number;
	/** Every image of every camera, also from earlier runs: ←/→ step through them. Without it, the last good image. */
	history?: ImageHistory;
	/** The image stepped back to; undefined: the newest. */
	historyAnchor?: HistoryAnchor;
}

export function ZoomView({camera, previews, previewsAllowed, width, height, history, historyAnchor}: ZoomViewProps) {
	const view = useHistoryView(history, camera?.mac, historyAnchor);
	const file = view ? view.entry.path : camera?.lastImagePath;
	const lastImageAt = camera?.lastImageAt;
	const where = view ? (
		` · ${view.position}/${view.count}${view.listing ? ' (reading the folder…)' : ''} · Esc back · ←→ older/newer · Home/End · Tab camera`
	) : (
		<>
			{lastImageAt === undefined ? '' : <TickingText text={now => ` · last image ${clock(lastImageAt)} (${ago(lastImageAt, now)})`} />}
			{' · Esc back'}
		</>
	);
	// Border, title and caption take the rest.
	const pictureRows = height - (view ? 4 : 3);
	const picture = usePreview(previews, previewsAllowed ? file : undefined, width - 4, pictureRows, 'zoom');
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1}>
			<Text wrap="truncate" bold>
				{camera ? `${camera.name ? `${camera.name} ` : ''}${camera.macText}` : 'no camera selected'}
				<Text dimColor>{where}</Text>
			</Text>
			{view ? <HistoryCaption view={view} partial={picture?.state === 'ready' ? picture.partial : undefined} /> : null}
			{file === undefined ? (
				<Text dimColor>no image yet</Text>
			) : pictureRows < 1 ? null : previewsAllowed ? (
				<ZoomPicture cache={previews} file={file} width={width - 4} height={pictureRows} />
			) : (
				<Text dimColor>previews need a colour terminal</Text>
			)}
		</Box>
	);
}
