import type {MacNumber} from '../../core/protocol/mac.js';
import {sanitizeDeviceText} from '../../core/protocol/sanitize-text.js';
import type {Key} from '../../terminal/key-parser.js';
import type {CameraFilter, LogBuffer} from './log-buffer.js';
import {FOLLOWING, reveal, scrollBy, scrollHome, visibleLines, type LogScroll} from './log-scroll.js';

/** `l` cycles through these, in this order. */
export type LogMode = 'pane' | 'full' | 'hidden';

export interface LogSearch {
	query: string;
	/** Case-insensitive, the query taken literally. */
	pattern: RegExp;
	/** The match last gone to; undefined when there is none. */
	current?: number;
	/** The last step went round an end of the log. */
	wrapped: boolean;
}

/** What the keys need to know about the screen: the rows the lines get, the selected camera. */
export interface LogKeyContext {
	rows: number;
	camera?: MacNumber;
	/** Help or the zoom view is shown over the log: no key is the log's. */
	overlaid?: boolean;
}

/** Long enough for any search; a paste beyond it is cut. */
export const MAX_QUERY_LENGTH = 200;

/**
 * The log's state and its keys, without React: which view (pane, full
 * screen, hidden), where the full-screen log looks, the camera filter, the
 * search and its prompt. Keys act at once, in order (several arrive in one
 * read), so text typed right after `/` reaches the prompt.
 */
export class LogViewModel {
	mode: LogMode = 'pane';
	scroll: LogScroll = FOLLOWING;
	/** `f`: only the selected camera's lines. */
	cameraOnly = false;
	/** The search prompt's text while it is open; undefined when closed. */
	prompt?: string;
	search?: LogSearch;
	/** The last search found nothing (said in the status line until the next key). */
	notFound?: string;

	constructor(
		private readonly buffer: LogBuffer<unknown>,
		/** A kept line as it is shown (the search looks at this text); undefined when it is not kept. */
		private readonly lineText: (id: number) => string | undefined,
	) {}

	filter(camera: MacNumber | undefined): CameraFilter {
		return this.cameraOnly ? camera : undefined;
	}

	/**
	 * A key, before the dashboard sees it: true when the log used it. `l`
	 * (none while help or the zoom view is shown); in the full-screen log its
	 * own keys; while the prompt is open, every key but Ctrl-C and Ctrl-Z (text
	 * is text: `q` types a q).
	 */
	takeKey(key: Key, context: LogKeyContext): boolean {
		if (this.prompt !== undefined) return this.promptKey(key, context);
		// Over help or the zoom view a change of the log would not show (and Esc would then land in it).
		if (context.overlaid) return false;
		if (key.name === 'char' && key.char === 'l') {
			this.cycle();
			return true;
		}

		if (this.mode !== 'full') return false;
		this.notFound = undefined;
		const filter = this.filter(context.camera);
		const page = Math.max(1, context.rows - 1);
		switch (key.name) {
			case 'up':
				return this.move(scrollBy(this.buffer, this.scroll, context.rows, filter, -1));
			case 'down':
				return this.move(scrollBy(this.buffer, this.scroll, context.rows, filter, 1));
			case 'pageup':
				return this.move(scrollBy(this.buffer, this.scroll, context.rows, filter, -page));
			case 'pagedown':
				return this.move(scrollBy(this.buffer, this.scroll, context.rows, filter, page));
			case 'home':
				return this.move(scrollHome(this.buffer, this.scroll, filter));
			case 'end':
				return this.move(FOLLOWING);
			case 'escape':
				this.mode = 'pane';
				return true;
			case 'enter':
				// Zooming leaves the log: Esc in the zoom view then comes back to the dashboard.
				this.mode = 'pane';
				return false;
			case 'char':
				return this.charKey(key.char, context);
			default:
				return false;
		}
	}

	/** `l`: pane → full screen → hidden → pane. */
	cycle(): void {
		this.mode = this.mode === 'pane' ? 'full' : this.mode === 'full' ? 'hidden' : 'pane';
		this.prompt = undefined;
		this.notFound = undefined;
	}

	private charKey(char: string, context: LogKeyContext): boolean {
		switch (char) {
			case 'f':
				this.cameraOnly = !this.cameraOnly;
				return true;
			case '/':
				this.prompt = '';
				return true;
			case 'n':
				this.searchStep(1, context);
				return true;
			case 'N':
				this.searchStep(-1, context);
				return true;
			default:
				return false;
		}
	}

	private promptKey(key: Key, context: LogKeyContext): boolean {
		switch (key.name) {
			case 'interrupt':
			case 'suspend':
				return false;
			case 'escape':
				this.prompt = undefined;
				return true;
			case 'enter': {
				const query = this.prompt || this.search?.query;
				this.prompt = undefined;
				if (query) this.startSearch(query, context);
				return true;
			}

			case 'backspace':
				this.prompt = [...this.prompt!].slice(0, -1).join('');
				return true;
			case 'char':
				this.type(key.char);
				return true;
			case 'paste':
				this.type(key.text);
				return true;
			default:
				return true;
		}
	}

	/** Typed or pasted text, without anything that could reach the terminal as a command. */
	private type(text: string): void {
		const clean = sanitizeDeviceText(text);
		this.prompt = [...(this.prompt! + clean)].slice(0, MAX_QUERY_LENGTH).join('');
	}

	/** Enter: the newest match at or above the last line shown, else (round the end) the newest of all. */
	private startSearch(query: string, context: LogKeyContext): void {
		const pattern = new RegExp(query.replaceAll(/[$()*+.?[\\\]^{|}]/g, '\\$&'), 'iu');
		this.search = {query, pattern, wrapped: false};
		const shown = visibleLines(this.buffer, this.scroll, context.rows, this.filter(context.camera));
		this.goTo(shown.length > 0 ? shown.at(-1)! + 1 : this.buffer.lastId + 1, -1, context);
	}

	/** n (newer) and N (older): from the match last gone to, or from the lines shown. */
	private searchStep(direction: 1 | -1, context: LogKeyContext): void {
		if (!this.search) return;
		const filter = this.filter(context.camera);
		let from = this.search.current;
		if (from === undefined || !this.buffer.passes(from, filter)) {
			const shown = visibleLines(this.buffer, this.scroll, context.rows, filter);
			from = direction === 1 ? (shown[0] ?? this.buffer.firstId) - 1 : (shown.at(-1) ?? this.buffer.lastId) + 1;
		}

		this.goTo(from, direction, context);
	}

	private goTo(from: number, direction: 1 | -1, context: LogKeyContext): void {
		const search = this.search!;
		const filter = this.filter(context.camera);
		const found = this.buffer.find(from, direction, filter, id => search.pattern.test(this.lineText(id) ?? ''));
		if (!found) {
			this.search = {...search, current: undefined, wrapped: false};
			this.notFound = search.query;
			return;
		}

		this.search = {...search, current: found.id, wrapped: found.wrapped};
		this.scroll = reveal(this.buffer, this.scroll, context.rows, filter, found.id);
	}

	private move(scroll: LogScroll): true {
		this.scroll = scroll;
		return true;
	}
}
