import type {HistoryAnchor, HistoryMove} from './history/image-history.js';
import type {TextCellMode} from '../graphics/cells/glyphs.js';
import type {PixelProtocol} from '../graphics/pixel-picture.js';
import {nextPreviewMode} from './preview/preview-choice.js';
import type {PreviewMode} from './preview/preview-renderer.js';

export interface ViewState {
	debug: boolean;
	previews: boolean;
	/** What previews are drawn with (`P`): text cells, or the terminal's pixel graphics. */
	previewMode: PreviewMode;
	help: boolean;
	/** The first row of help shown (it scrolls when taller than the screen). */
	helpScroll: number;
	/** Large preview of the selected camera's last image. */
	zoom: boolean;
	/** Index into the camera list. */
	selected: number;
	/**
	 * The selected camera itself: the list's order changes (a new camera with a
	 * lower MAC, `s` with cameras turning troubled), the selection must not.
	 */
	selectedMac?: number;
	/** In the zoom view: the image a person stepped back to; undefined follows the newest. */
	historyAnchor?: HistoryAnchor;
	/** `s`: troubled cameras (overdue, battery, failing images) first. */
	troubleFirst: boolean;
}

/** Where a move through the images of the camera at `selected` takes a person standing at `anchor`. */
export type HistoryNavigator = (selected: number, anchor: HistoryAnchor | undefined, move: HistoryMove) => HistoryAnchor | undefined;

export type ViewAction =
	| {type: 'toggle-debug'}
	| {type: 'toggle-previews'}
	/** `P`; `pixels`: the terminal's pixel graphics, one of the choices. */
	| {type: 'next-preview-mode'; pixels?: PixelProtocol; textModes?: readonly TextCellMode[]}
	/** The terminal answered that it draws `pixels`: they become the mode (unless the user chose text cells). */
	| {type: 'pixels-found'; pixels: PixelProtocol}
	| {type: 'toggle-help'}
	/** ↑↓ PgUp PgDn Home End in help: `delta` rows (±Infinity: to an end), 0..`max`. */
	| {type: 'help-scroll'; delta: number; max: number}
	| {type: 'zoom'}
	| {type: 'back'}
	| {type: 'select'; delta: number; cameraCount: number}
	/**
	 * The view found the selected camera at `index` of the list as drawn (see
	 * App), from the selection it `seen`: a key that moved it since wins.
	 */
	| {type: 'pin-selection'; mac: number; index: number; seen: Pick<ViewState, 'selected' | 'selectedMac'>}
	/** ←/→: in the zoom view, an older/newer image of the camera (with a history); elsewhere, select a camera. */
	| {type: 'arrow'; delta: -1 | 1; cameraCount: number; history?: HistoryNavigator}
	/** Home/End in the zoom view: the camera's oldest/newest image. */
	| {type: 'history-jump'; to: 'oldest' | 'newest'; history?: HistoryNavigator}
	| {type: 'toggle-trouble-first'};

export const initialViewState: ViewState = {
	debug: false,
	previews: true,
	previewMode: 'half',
	help: false,
	helpScroll: 0,
	zoom: false,
	selected: 0,
	troubleFirst: false,
};

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
	switch (action.type) {
		case 'toggle-debug':
			return {...state, debug: !state.debug};
		case 'toggle-previews':
			return {...state, previews: !state.previews};
		case 'next-preview-mode':
			// Previews that are off come back as they were.
			return state.previews ? {...state, previewMode: nextPreviewMode(state.previewMode, action.pixels, action.textModes)} : {...state, previews: true};
		case 'pixels-found':
			return {...state, previewMode: action.pixels};
		case 'toggle-help':
			return {...state, help: !state.help, helpScroll: 0};
		case 'help-scroll':
			return {...state, helpScroll: Math.max(0, Math.min(action.max, state.helpScroll + action.delta))};
		case 'zoom':
			return {...state, zoom: true, help: false, historyAnchor: undefined};
		case 'back':
			// Help closes onto the view it was opened over, as `?` does.
			if (state.help) return {...state, help: false};
			return {...state, zoom: false, historyAnchor: undefined};
		case 'toggle-trouble-first':
			return {...state, troubleFirst: !state.troubleFirst};
		case 'select': {
			if (action.cameraCount === 0) return state;
			const selected = (((state.selected + action.delta) % action.cameraCount) + action.cameraCount) % action.cameraCount;
			return {...state, selected, selectedMac: undefined, historyAnchor: undefined};
		}

		case 'pin-selection':
			// The pin comes from an effect, after the render: keys typed meanwhile (Tab, Shift-Tab) come first.
			if (state.selected !== action.seen.selected || state.selectedMac !== action.seen.selectedMac) return state;
			return {...state, selected: action.index, selectedMac: action.mac};

		case 'arrow':
			if (state.zoom && !state.help && action.history) {
				return {...state, historyAnchor: action.history(state.selected, state.historyAnchor, action.delta < 0 ? 'older' : 'newer')};
			}

			return viewReducer(state, {type: 'select', delta: action.delta, cameraCount: action.cameraCount});
		case 'history-jump':
			if (!state.zoom || state.help || !action.history) return state;
			return {...state, historyAnchor: action.history(state.selected, state.historyAnchor, action.to)};
	}
}
