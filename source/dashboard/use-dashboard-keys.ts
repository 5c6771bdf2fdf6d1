import {useEffect, useLayoutEffect, useRef, type Dispatch} from 'react';
import type {TextCellMode} from '../graphics/cells/glyphs.js';
import type {PixelProtocol} from '../graphics/pixel-picture.js';
import type {Key} from '../terminal/key-parser.js';
import type {KeySource} from '../terminal/keyboard.js';
import type {ViewAction, HistoryNavigator} from './view-state.js';

export interface DashboardKeyHandlers {
	/** Undefined when there is no keyboard (e.g. `ssh host cmd` without -t): the caller shows that, and Ctrl-C arrives as SIGINT. */
	keys?: KeySource;
	dispatch: Dispatch<ViewAction>;
	cameraCount: number;
	/** Columns of the camera grid: up and down move by a whole row. */
	columns: number;
	onReset: () => void;
	onQuit: () => void;
	onSuspend?: () => void;
	/** The terminal's pixel graphics, if any: one of `P`'s choices. */
	pixels?: PixelProtocol;
	/** The text cells `P` steps through (all unless the terminal's characters limit them). */
	textModes?: readonly TextCellMode[];
	/** Steps through the selected camera's images in the zoom view (←/→, Home/End); without it ←/→ always select. */
	history?: HistoryNavigator;
	/** Sees each key first (the log: `l`, and its own keys in the full-screen log); true when it used it. */
	takeKey?: (key: Key) => boolean;
}

/** The dashboard's keys: every key of a read acts, in order (several arrive at once over a laggy link). */
export function useDashboardKeys(handlers: DashboardKeyHandlers): {keysAvailable: boolean} {
	// The subscription lives as long as the key source; the handlers it calls are always the latest.
	const latest = useRef(handlers);
	// In the same commit as the frame (a layout effect): a key read right after a frame acts on what that frame shows.
	useLayoutEffect(() => {
		latest.current = handlers;
	});
	const {keys} = handlers;
	useEffect(() => {
		if (!keys) return;
		return keys.subscribe(batch => {
			for (const key of batch) {
				if (!latest.current.takeKey?.(key)) actOnKey(key, latest.current);
			}
		});
	}, [keys]);
	return {keysAvailable: keys !== undefined};
}

function actOnKey(key: Key, {dispatch, cameraCount, columns, onReset, onQuit, onSuspend, history, pixels, textModes}: DashboardKeyHandlers): void {
	const select = (delta: number) => dispatch({type: 'select', delta, cameraCount});
	switch (key.name) {
		case 'char':
			if (key.char === 'q') onQuit();
			else if (key.char === 'd') dispatch({type: 'toggle-debug'});
			else if (key.char === 'p') dispatch({type: 'toggle-previews'});
			else if (key.char === 'P') dispatch({type: 'next-preview-mode', pixels, textModes});
			else if (key.char === '?') dispatch({type: 'toggle-help'});
			else if (key.char === 'r') onReset();
			else if (key.char === 's') dispatch({type: 'toggle-trouble-first'});
			return;
		case 'interrupt':
			onQuit();
			return;
		case 'suspend':
			onSuspend?.();
			return;
		case 'escape':
			dispatch({type: 'back'});
			return;
		case 'enter':
			dispatch({type: 'zoom'});
			return;
		case 'tab':
			select(1);
			return;
		case 'backtab':
			select(-1);
			return;
		// In the zoom view ←/→ step through the camera's images (the reducer knows whether it is open).
		case 'right':
			dispatch({type: 'arrow', delta: 1, cameraCount, history});
			return;
		case 'left':
			dispatch({type: 'arrow', delta: -1, cameraCount, history});
			return;
		case 'home':
			dispatch({type: 'history-jump', to: 'oldest', history});
			return;
		case 'end':
			dispatch({type: 'history-jump', to: 'newest', history});
			return;
		case 'down':
			select(columns);
			return;
		case 'up':
			select(-columns);
			return;
		case 'paste':
		case 'other':
			// Pasted text is never a stream of commands; unused keys do nothing.
			return;
	}
}
