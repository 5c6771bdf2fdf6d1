import type {DOMElement} from 'ink';
import {createContext} from 'react';
import type {OverlayPicture, OverlayText} from '../../terminal/screen-output.js';

/** Where pictures go (sixel, iTerm2, and previews in text cells): drawn over the frame by the screen (ScreenOutput), not by Ink. */
export interface PictureOverlays {
	setOverlay(key: string, picture: OverlayPicture | undefined): void;
	setOverlayText(key: string, text: OverlayText | undefined): void;
}

/** Undefined outside a real screen (tests, ink-testing-library): such pictures are then not drawn. */
export const PictureOverlayContext = createContext<PictureOverlays | undefined>(undefined);

/** An element's place on the screen, 1-based, from Ink's computed layout (valid after the commit that laid it out). */
export function screenPosition(element: DOMElement): {row: number; column: number} {
	let row = 1;
	let column = 1;
	for (let node: DOMElement | undefined = element; node; node = node.parentNode) {
		row += node.yogaNode?.getComputedTop() ?? 0;
		column += node.yogaNode?.getComputedLeft() ?? 0;
	}

	return {row: Math.round(row), column: Math.round(column)};
}
