import {Box, Text, type DOMElement} from 'ink';
import {useContext, useEffect, useRef} from 'react';
import type {OverlayData} from '../preview/preview-cache.js';
import {PictureOverlayContext, screenPosition} from '../preview/picture-overlay.js';

export interface OverlayPictureProps {
	overlay: OverlayData;
	width: number;
	height: number;
}

const KEY = 'zoom';

/**
 * A sixel or iTerm2 picture: Ink draws blank cells where it goes, centred,
 * and the screen draws the picture over them after the frame (again only
 * when a line under it is written, see ScreenOutput). Gone with the view.
 */
export function OverlayPicture({overlay, width, height}: OverlayPictureProps) {
	const overlays = useContext(PictureOverlayContext);
	const area = useRef<DOMElement>(null);
	useEffect(() => {
		if (!overlays || !area.current) return;
		const {row, column} = screenPosition(area.current);
		overlays.setOverlay(KEY, {row, column, rows: overlay.rows, data: overlay.data});
	});
	useEffect(() => () => overlays?.setOverlay(KEY, undefined), [overlays]);
	const left = Math.max(0, Math.floor((width - overlay.columns) / 2));
	const top = Math.max(0, Math.floor((height - overlay.rows) / 2));
	return (
		<Box width={width} height={height} paddingLeft={left} paddingTop={top} overflow="hidden">
			<Box ref={area} width={overlay.columns} height={overlay.rows}>
				<Text> </Text>
			</Box>
		</Box>
	);
}
