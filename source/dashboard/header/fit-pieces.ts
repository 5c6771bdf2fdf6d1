/** A run of text drawn in one style. */
export interface Part {
	text: string;
	/** Text that changes with time alone (`text` is it now): drawn as a TickingText. */
	ticking?: (now: number) => string;
	color?: string;
	dim?: boolean;
	bold?: boolean;
}

/**
 * A piece of a one-line header: parts that stay or go together, and how long
 * it stays when the line is short (a higher `keep` stays longer).
 */
export interface Piece {
	parts: Part[];
	keep: number;
}

/** What gives way first on a short line: reasons, then the uptime, the outputs' words, the relays' names. */
export const KEEP = {reason: 1, uptime: 2, outputWords: 3, relayName: 4, always: 5} as const;

/** A reason cut shorter than this says nothing: it goes instead. */
const MIN_CUT_REASON = 12;

function lastKept(count: number, dropped: ReadonlySet<number>): number {
	let index = count - 1;
	while (index >= 0 && dropped.has(index)) index--;
	return index;
}

function pieceWidth(piece: Piece): number {
	let width = 0;
	for (const part of piece.parts) width += part.text.length;
	return width;
}

/**
 * The pieces that fit in `width` columns, in their order: the least kept go
 * first, the last of equals first; a reason that ends the line may stay and
 * be cut. Those kept always stay (the line is cut at the end then).
 */
export function fitPieces(pieces: readonly Piece[], width: number): Piece[] {
	const widths = pieces.map(pieceWidth);
	let total = widths.reduce((sum, each) => sum + each, 0);
	const dropped = new Set<number>();
	while (total > width) {
		let victim = -1;
		for (let index = pieces.length - 1; index >= 0; index--) {
			if (!dropped.has(index) && (victim === -1 || pieces[index]!.keep < pieces[victim]!.keep)) victim = index;
		}

		if (victim === -1 || pieces[victim]!.keep >= KEEP.always) break;
		// A reason at the end of the line with room for its start stays, cut there (by the line's truncation).
		const last = victim === lastKept(pieces.length, dropped);
		if (last && pieces[victim]!.keep === KEEP.reason && width - (total - widths[victim]!) >= MIN_CUT_REASON) break;
		dropped.add(victim);
		total -= widths[victim]!;
	}

	return dropped.size === 0 ? [...pieces] : pieces.filter((_, index) => !dropped.has(index));
}
