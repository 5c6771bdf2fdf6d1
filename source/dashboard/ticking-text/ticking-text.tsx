import {Text, type DOMElement, type TextProps} from 'ink';
import {createElement, useContext, useEffect, useId, useLayoutEffect, useReducer, useRef} from 'react';
import {PictureOverlayContext, type PictureOverlays} from '../preview/picture-overlay.js';
import {useTicks, type Ticks} from '../now-context.js';
import {narrowWidth, segmentPlace, styledSegment} from './segment.js';

/** What a ticking text shows at a time (wall clock, ms). */
export type TextAt = (now: number) => string;

export interface TickingTextProps extends Pick<TextProps, 'color' | 'dimColor' | 'bold'> {
	text: TextAt;
}

/**
 * Text that changes with time alone (`7 s ago`, the uptime), inside a line
 * of Ink text. Ink lays it out as it is at the render; at each tick after
 * that, when the new text is as wide as the old and all of it is in sight,
 * only the screen changes: the screen (ScreenOutput) draws it over the frame
 * in the same style, and Ink's text node is given it (so the next frame has
 * it too) without a render, a layout or a frame. Otherwise (wider or
 * narrower: 9 s → 10 s; no screen: tests) it renders again.
 */
export function TickingText({text, ...style}: TickingTextProps) {
	const ticks = useTicks();
	const overlays = useContext(PictureOverlayContext);
	const [, rerender] = useReducer((count: number) => count + 1, 0);
	const segment = useRef<DOMElement>(null);
	const latest = useRef(text);
	const key = useId();
	useLayoutEffect(() => {
		latest.current = text;
	});
	useEffect(() => ticks.subscribe(() => tick(ticks, latest.current, segment.current, overlays, key) || rerender()), [ticks, overlays, key]);
	useLayoutEffect(() => () => overlays?.setOverlayText(key, undefined), [overlays, key]);
	// An element of Ink's own (a text node inside Ink's Text) to find the text by: Ink's Text takes no ref.
	return <Text {...style}>{createElement('ink-text', {ref: segment}, text(ticks.now()))}</Text>;
}

/** The text at this tick drawn by the screen alone; false when Ink must lay it out (it renders again). */
function tick(ticks: Ticks, text: TextAt, segment: DOMElement | null, overlays: PictureOverlays | undefined, key: string): boolean {
	const node = segment?.childNodes[0];
	if (!segment || node?.nodeName !== '#text') return false;
	const next = text(ticks.now());
	if (next === node.nodeValue) return true;
	const width = narrowWidth(next);
	if (!overlays || width === undefined || width !== narrowWidth(node.nodeValue) || !segmentPlace(segment)) return false;
	// Same width: Ink's layout stays right. Its next frame has the new text too.
	node.nodeValue = next;
	const line = styledSegment(segment);
	// Drawn where the layout puts it at each frame, while Ink's node still has this text in this style (a render may change either).
	const place = () => (segment.childNodes[0] === node && node.nodeValue === next && styledSegment(segment) === line ? segmentPlace(segment) : undefined);
	overlays.setOverlayText(key, {place, lines: [line]});
	return true;
}
