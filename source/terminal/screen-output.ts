import {EventEmitter} from 'node:events';
import type {GlyphTranslation} from './glyph-set.js';
import {isGone, writeIfAlive} from './stdio.js';

/** Cursor to the top-left corner, then clear to the end of the screen. */
const FROM_THE_TOP = '\u001B[H\u001B[J';
/** What Ink writes before a frame to erase the previous one: (erase line, up)*, erase line, column 1. */
const ERASE_PREVIOUS = /^(?:\u001B\[2K\u001B\[1A)*(?:\u001B\[2K\u001B\[G)?/;
/** After a resize, the last frame is drawn again unless Ink draws a new one within this time. */
const REPAINT_AFTER_RESIZE_MS = 150;
/** A picture set over the frame is drawn after the next frame, or after this long if no frame comes. */
const OVERLAY_WITHOUT_FRAME_MS = 200;
/** Frames drawn this soon after a resize are drawn whole: one may still be laid out for the old size. */
const WHOLE_FRAMES_AFTER_RESIZE_MS = 1000;

type WriteCallback = (error?: Error | null) => void;

/** A place on the screen in cells, 1-based. */
export interface ScreenPlace {
	row: number;
	column: number;
}

/** A picture drawn over the frame (sixel, iTerm2): its place in cells (1-based) and the bytes that draw it there. */
export interface OverlayPicture extends ScreenPlace {
	rows: number;
	/** Draws the picture at the cursor. */
	data: string;
}

/**
 * Text cells drawn over the frame (a preview, so that Ink lays out and
 * tokenizes only blank cells; a time that changes between frames): each line
 * written at its own row from `place`, which is read at every frame (the
 * layout may move it while the component that made it does not render
 * again); while `place` gives nothing, it is not drawn. Lines are drawn by the
 * screen's glyphs (the Linux console, a locale without UTF-8), as frames are.
 */
export interface OverlayText {
	place: () => ScreenPlace | undefined;
	lines: readonly string[];
}

interface Overlay {
	picture: OverlayPicture;
	/** A text overlay's place, followed at each frame. */
	place?: () => ScreenPlace | undefined;
	/** A text overlay's lines, each drawn at its row (the picture's data is then unused). */
	lines?: readonly string[];
	drawn: boolean;
	/** A text overlay whose place was unknown at the last frame: not drawn until it has one again. */
	hidden?: boolean;
}

const moveTo = (row: number, column = 1) => `\u001B[${row};${column}H`;
/** Erase the whole line: a line written after it leaves nothing old behind, and no picture over it. */
const ERASE_LINE = '\u001B[2K';
const ERASE_BELOW = '\u001B[J';
/** After each line of a text overlay: its colours end with it. */
const RESET = '\u001B[0m';

/**
 * The terminal as Ink sees it. Ink redraws by moving up over as many lines as
 * it drew last time and erasing them; after a resize, a suspend, or a line the
 * terminal wrapped, that count is wrong and old text stays on screen. The
 * dashboard owns the whole alternate screen, so here every frame is drawn from
 * the top-left corner with the rest of the screen cleared: nothing stale can
 * remain. After that, only the lines that changed are written (each erased
 * first, at its absolute place), so a second's clock tick costs one line, and
 * pictures drawn over the frame (sixel, iTerm2: any text written over them
 * erases them) survive frames that leave their lines alone; they are drawn
 * again when a line under them is. The last frame is kept to draw it again
 * after a suspend or a resize. Writes to a terminal that is gone are dropped.
 */
export class ScreenOutput extends EventEmitter {
	readonly isTTY = true;
	readonly writableEnded = false;
	readonly writableLength = 0;
	private lastFrame = '';
	/** The lines on screen now; undefined when the screen must be drawn whole (first frame, after a resize). */
	private shownLines?: string[];
	private readonly overlays = new Map<string, Overlay>();
	private frames = 0;
	private held = false;
	private wholeFramesUntil = 0;
	private overlayTimer?: NodeJS.Timeout;
	private repaintTimer?: NodeJS.Timeout;

	/** `glyphs`: what replaces the characters the terminal cannot draw (the Linux console, a locale without UTF-8). */
	constructor(
		private readonly terminal: NodeJS.WriteStream = process.stdout,
		private readonly glyphs?: GlyphTranslation,
	) {
		super();
		terminal.on('resize', this.onResize);
	}

	get columns(): number {
		return this.terminal.columns;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	get destroyed(): boolean {
		return isGone(this.terminal);
	}

	get writable(): boolean {
		return !this.destroyed;
	}

	write(data: string | Uint8Array, encodingOrCallback?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
		const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
		const text = typeof data === 'string' ? data : Buffer.from(data).toString();
		const erase = ERASE_PREVIOUS.exec(text)![0];
		const rest = erase.length > 0 ? text.slice(erase.length) : text;
		if (rest.includes('\n')) {
			const frame = this.glyphs ? this.glyphs(rest) : rest;
			this.lastFrame = frame;
			this.frames++;
			if (!this.held) this.drawFrame(frame);
		} else if (rest.length > 0) {
			// Cursor visibility, synchronized-update marks: as they are.
			writeIfAlive(this.terminal, rest);
		}

		// A bare erase is dropped: the next frame clears the screen anyway.
		if (done) process.nextTick(done);
		return true;
	}

	/** Draws the last frame again (the screen was cleared: back from a suspend). */
	repaint(): void {
		this.held = false;
		this.shownLines = undefined;
		if (this.lastFrame !== '') this.drawFrame(this.lastFrame);
	}

	/**
	 * The screen is not ours until `repaint` (Ctrl-Z gave the terminal back):
	 * no frame, picture or ticking text is drawn meanwhile; they would land on
	 * the shell's screen. Frames and overlays set meanwhile are kept for `repaint`.
	 */
	hold(): void {
		this.held = true;
		this.shownLines = undefined;
		clearTimeout(this.overlayTimer);
		clearTimeout(this.repaintTimer);
		for (const overlay of this.overlays.values()) overlay.drawn = false;
	}

	/**
	 * Shows a picture over the frame under `key` (replacing the one there), or
	 * removes it (`undefined`): the lines it covered are written again at once.
	 * The frame must leave those cells blank.
	 */
	setOverlay(key: string, picture: OverlayPicture | undefined): void {
		const old = this.overlays.get(key);
		if (old && old.picture.data === picture?.data && old.picture.row === picture.row && old.picture.column === picture.column) return;
		this.overlays.delete(key);
		if (old) {
			const out = this.areaAgain(old.picture.row, old.picture.rows);
			if (out !== '') this.draw(out);
		}

		if (picture) this.overlays.set(key, {picture, drawn: false});
		if (!picture) return;
		// Drawn after the next frame (which makes room for it), or soon if none comes.
		clearTimeout(this.overlayTimer);
		this.overlayTimer = setTimeout(() => this.drawOverlays(() => false), OVERLAY_WITHOUT_FRAME_MS);
		this.overlayTimer.unref();
	}

	/**
	 * Shows text cells over the frame under `key` (replacing what was there), or
	 * removes them (`undefined`). Text is cheap to draw: it is drawn at once
	 * when a frame is on screen, the old place's lines written again first.
	 */
	setOverlayText(key: string, text: OverlayText | undefined): void {
		const old = this.overlays.get(key);
		if (old && text && old.lines === text.lines && old.place === text.place) return;
		this.overlays.delete(key);
		const place = text?.place();
		const lines = text && place && (this.glyphs ? text.lines.map(line => this.glyphs!(line)) : text.lines);
		// New text in the same cells (a clock's next second) is drawn over the old: the lines under it need not be written again.
		let out = old?.drawn && !(lines && sameCells(old, place, lines)) ? this.areaAgain(old.picture.row, old.picture.rows) : '';
		if (text && place && lines) {
			const overlay: Overlay = {picture: {...place, rows: lines.length, data: ''}, place: text.place, lines, drawn: false};
			this.overlays.set(key, overlay);
			if (this.shownLines) out += this.overlayDrawing(overlay);
		}

		if (out !== '') this.draw(out);
	}

	/** What draws on the screen: nothing while it is held. */
	private draw(data: string): void {
		if (!this.held) writeIfAlive(this.terminal, data);
	}

	/** Writes out-of-band data now (a kitty image transmission: it draws nothing by itself). */
	writeOutOfBand(data: string): void {
		writeIfAlive(this.terminal, data);
	}

	private drawFrame(frame: string): void {
		const lines = frame.split('\n');
		if (lines.at(-1) === '') lines.pop();
		const shown = this.shownLines;
		this.shownLines = lines;
		const left = this.followOverlays();
		if (!shown || performance.now() < this.wholeFramesUntil) {
			this.draw(FROM_THE_TOP + frame);
			this.drawOverlays(() => true);
			return;
		}

		let out = '';
		const changed: boolean[] = [];
		for (let index = 0; index < lines.length; index++) {
			if (lines[index] === shown[index] && !left?.has(index)) continue;
			changed[index] = true;
			out += moveTo(index + 1) + ERASE_LINE + lines[index];
		}

		if (lines.length < shown.length) out += moveTo(lines.length + 1) + ERASE_BELOW;
		if (out !== '') this.draw(out);
		this.drawOverlays(index => changed[index] === true || index >= lines.length);
	}

	/** Draws each overlay not drawn yet, or with a line under it just written (0-based line indexes). */
	private drawOverlays(lineWritten: (index: number) => boolean): void {
		let out = '';
		for (const overlay of this.overlays.values()) {
			if (overlay.hidden) continue;
			const {row, rows} = overlay.picture;
			let redraw = !overlay.drawn;
			for (let index = row - 1; !redraw && index < row - 1 + rows; index++) redraw = lineWritten(index);
			if (redraw) out += this.overlayDrawing(overlay);
		}

		if (out !== '') this.draw(out);
	}

	/** What draws an overlay at its place; a text overlay's lines only as far as the frame goes (reset after each). */
	private overlayDrawing(overlay: Overlay): string {
		overlay.drawn = true;
		const {row, column, data} = overlay.picture;
		if (!overlay.lines) return moveTo(row, column) + data;
		const last = Math.min(overlay.lines.length, (this.shownLines?.length ?? 0) - row + 1);
		let out = '';
		for (let index = 0; index < last; index++) out += moveTo(row + index, column) + overlay.lines[index] + RESET;
		return out;
	}

	/**
	 * Moves each text overlay to where the frame about to be drawn put it (or
	 * hides it, without a place); returns the 0-based lines it left (to be
	 * written again), if any moved.
	 */
	private followOverlays(): Set<number> | undefined {
		let left: Set<number> | undefined;
		for (const overlay of this.overlays.values()) {
			if (!overlay.place) continue;
			const place = overlay.place();
			const {picture} = overlay;
			overlay.hidden = !place;
			if (place?.row === picture.row && place.column === picture.column) continue;
			if (overlay.drawn) {
				left ??= new Set();
				for (let index = picture.row - 1; index < picture.row - 1 + picture.rows; index++) left.add(index);
			}

			if (place) overlay.picture = {...picture, ...place};
			overlay.drawn = false;
		}

		return left;
	}

	/**
	 * What writes lines again as they are in the frame (erasing whatever was
	 * drawn over them), then the other overlays on them; nothing before the first frame.
	 */
	private areaAgain(row: number, rows: number): string {
		const shown = this.shownLines;
		if (!shown) return '';
		let out = '';
		for (let index = row - 1; index < row - 1 + rows; index++) out += moveTo(index + 1) + ERASE_LINE + (shown[index] ?? '');
		for (const overlay of this.overlays.values()) {
			const {picture} = overlay;
			if (overlay.drawn && picture.row < row + rows && row < picture.row + picture.rows) out += this.overlayDrawing(overlay);
		}

		return out;
	}

	/** The dashboard is done: nothing more is drawn. */
	dispose(): void {
		this.hold();
		this.terminal.off('resize', this.onResize);
	}

	private readonly onResize = (): void => {
		const framesBefore = this.frames;
		// The terminal may have moved, cut or wrapped the lines: frames are drawn whole for a while.
		this.shownLines = undefined;
		this.wholeFramesUntil = performance.now() + WHOLE_FRAMES_AFTER_RESIZE_MS;
		this.emit('resize');
		clearTimeout(this.repaintTimer);
		this.repaintTimer = setTimeout(() => {
			if (this.frames === framesBefore && !this.held) this.repaint();
		}, REPAINT_AFTER_RESIZE_MS);
		this.repaintTimer.unref();
	};
}

const SGR = /\u001B\[[\d;:]*m/g;
const ZERO_WIDTH = /\p{M}/gu;

/** Whether `lines` at `place` take the very cells a drawn text overlay takes (so drawing them covers it all). */
function sameCells(overlay: Overlay, place: ScreenPlace, lines: readonly string[]): boolean {
	const {picture} = overlay;
	const old = overlay.lines;
	if (!old || picture.row !== place.row || picture.column !== place.column || old.length !== lines.length) return false;
	return lines.every((line, index) => cells(line) === cells(old[index]!));
}

/** Cells a line of text takes: one per character (colours and combining marks take none; no wide characters in overlays). */
function cells(line: string): number {
	let count = 0;
	for (const _ of line.replace(SGR, '').replace(ZERO_WIDTH, '')) count++;
	return count;
}
