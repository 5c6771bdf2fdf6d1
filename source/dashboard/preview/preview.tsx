import {Box, Text, type DOMElement} from 'ink';
import {memo, useCallback, useContext, useId, useLayoutEffect, useMemo, useRef} from 'react';
import {usePreview} from './use-preview.js';
import {PictureOverlayContext, screenPosition, type PictureOverlays} from './picture-overlay.js';
import type {PreviewCache, PreviewPlace} from './preview-cache.js';

export interface PreviewProps {
	cache: PreviewCache;
	file?: string;
	width: number;
	height: number;
	place?: PreviewPlace;
}

/**
 * The last good image as coloured text cells, or a placeholder of the same
 * size. On a real screen the cells are drawn over the frame by the screen
 * (ScreenOutput): Ink lays out a blank box of their size, and never measures
 * or tokenizes the picture.
 */
export const Preview = memo(function Preview({cache, file, width, height, place = 'panel'}: PreviewProps) {
	const preview = usePreview(cache, file, width, height, place);
	const overlays = useContext(PictureOverlayContext);
	const placeholder = preview === undefined ? 'no image yet' : preview.state === 'loading' ? 'decoding…' : preview.state === 'failed' ? 'cannot decode this image' : undefined;
	if (placeholder === undefined && preview?.state === 'ready' && overlays) {
		return <OverlaidCells overlays={overlays} text={preview.text} width={width} height={height} />;
	}

	return (
		<Box width={width} height={height} justifyContent="center" alignItems="center" overflowY="hidden">
			{placeholder === undefined && preview?.state === 'ready' ? <Text>{preview.text}</Text> : <Text dimColor>{placeholder}</Text>}
		</Box>
	);
});

/** Blank cells where Ink would have put the text, the text drawn over them by the screen. */
function OverlaidCells({overlays, text, width, height}: {overlays: PictureOverlays; text: string; width: number; height: number}) {
	const key = useId();
	const area = useRef<DOMElement>(null);
	const lines = useMemo(() => text.split('\n'), [text]);
	const columns = useMemo(() => Math.max(0, ...lines.map(cellCount)), [lines]);
	const place = useCallback(() => (area.current?.yogaNode ? screenPosition(area.current) : undefined), []);
	useLayoutEffect(() => overlays.setOverlayText(key, {place, lines}), [overlays, key, place, lines]);
	useLayoutEffect(() => () => overlays.setOverlayText(key, undefined), [overlays, key]);
	// Centred as Ink centres text: yoga floors a text node's place (a box's it rounds).
	const left = Math.max(0, Math.floor((width - columns) / 2));
	const top = Math.max(0, Math.floor((height - lines.length) / 2));
	return (
		<Box width={width} height={height} paddingLeft={left} paddingTop={top} overflowY="hidden">
			<Box ref={area} width={columns} height={lines.length} flexShrink={0} />
		</Box>
	);
}

const SGR = /\u001B\[[\d;:]*m/g;
const ZERO_WIDTH = /\p{M}/gu;

/** Cells a preview line takes: one per character (colours and the combining marks of kitty's placeholders take none). */
function cellCount(line: string): number {
	let cells = 0;
	for (const _ of line.replace(SGR, '').replace(ZERO_WIDTH, '')) cells++;
	return cells;
}
