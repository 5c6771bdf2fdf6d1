import type {DOMElement} from 'ink';
import type {ScreenPlace} from '../../terminal/screen-output.js';
import {screenPosition} from '../preview/picture-overlay.js';

/** Yoga's edges (its enum), for the borders of a box that clips. */
type DOMNode = DOMElement['childNodes'][number];

const EDGE_LEFT = 0;
const EDGE_TOP = 1;
const EDGE_RIGHT = 2;
const EDGE_BOTTOM = 3;

/**
 * Characters surely one cell wide as Ink measures them (string-width): ASCII,
 * Latin, Greek and Cyrillic letters, and the punctuation, arrows, boxes,
 * blocks, shapes and marks the dashboard draws. Anything else (wide, or of
 * no width) makes a segment's place unknown: it is then laid out by Ink.
 */
const NARROW = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u2070-\u2319\u2500-\u25FC\u2700-\u2704\u2706-\u2709\u270C-\u2727]*$/;

/** Cells `text` takes, or undefined when that is not surely its length. */
export function narrowWidth(text: string): number | undefined {
	return NARROW.test(text) ? text.length : undefined;
}

function textOf(node: DOMNode): string {
	if (node.nodeName === '#text') return node.nodeValue;
	let text = '';
	for (const child of node.childNodes) text += textOf(child);
	return text;
}

/**
 * Where a piece of text inside an Ink text (a nested text element) is on the
 * screen, 1-based: after the text before it, on its one line. Undefined
 * unless all of it is in sight as Ink draws it: not wrapped, not cut by the
 * line's truncation or a box that clips, every character before it of a
 * width known for sure.
 */
export function segmentPlace(segment: DOMElement): ScreenPlace | undefined {
	let before = 0;
	let line: DOMElement | undefined;
	for (let node: DOMElement = segment; ; node = node.parentNode) {
		if (node.nodeName === 'ink-text') {
			line = node;
			break;
		}

		if (!node.parentNode) return undefined;
		for (const sibling of node.parentNode.childNodes) {
			if (sibling === node) break;
			const width = narrowWidth(textOf(sibling));
			if (width === undefined) return undefined;
			before += width;
		}
	}

	const width = narrowWidth(textOf(segment));
	const all = textOf(line);
	const total = narrowWidth(all);
	if (width === undefined || total === undefined || !line.yogaNode) return undefined;
	const room = line.yogaNode.getComputedWidth();
	// Longer than its box: wrapped (no place), or truncated (the last cell is `…`).
	if (
		total > room &&
		(!line.style.textWrap?.startsWith('truncate') || line.style.textWrap === 'truncate-start' || line.style.textWrap === 'truncate-middle' || before + width > room - 1)
	) {
		return undefined;
	}

	const start = screenPosition(line);
	const place = {row: start.row, column: start.column + before};
	return insideClips(line, place, width) ? place : undefined;
}

/** Whether cells from `place` on are inside every box around `node` that clips (overflow hidden), and none is hidden. */
function insideClips(node: DOMElement, place: ScreenPlace, width: number): boolean {
	for (let box: DOMElement | undefined = node; box; box = box.parentNode) {
		const yoga = box.yogaNode;
		if (!yoga) continue;
		// Yoga's display none (Ink hides a suspended tree so).
		const display: number = yoga.getDisplay();
		if (display === 1) return false;
		const {overflow, overflowX, overflowY} = box.style;
		const clipsX = overflow === 'hidden' || overflowX === 'hidden';
		const clipsY = overflow === 'hidden' || overflowY === 'hidden';
		if (!clipsX && !clipsY) continue;
		const corner = screenPosition(box);
		if (clipsX) {
			const left = corner.column + yoga.getComputedBorder(EDGE_LEFT);
			const right = corner.column + yoga.getComputedWidth() - yoga.getComputedBorder(EDGE_RIGHT);
			if (place.column < left || place.column + width > right) return false;
		}

		if (clipsY) {
			const top = corner.row + yoga.getComputedBorder(EDGE_TOP);
			const bottom = corner.row + yoga.getComputedHeight() - yoga.getComputedBorder(EDGE_BOTTOM);
			if (place.row < top || place.row >= bottom) return false;
		}
	}

	return true;
}

/** The segment's text as Ink draws it: each enclosing text's style (colour, dim, bold…) applied, innermost first. */
export function styledSegment(segment: DOMElement): string {
	let text = textOf(segment);
	for (let node: DOMElement | undefined = segment; node; node = node.parentNode) {
		if (node.internal_transform) text = node.internal_transform(text, 0);
		if (node.nodeName === 'ink-text') break;
	}

	return text;
}
