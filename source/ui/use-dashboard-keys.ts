import {useEffect, useRef, type Dispatch} from 'react';
import type {Key} from '../terminal/key-parser.js';
import type {KeySource} from '../terminal/keyboard.js';
import type {DashboardAction} from './dashboard-state.js';

export interface DashboardKeyHandlers {
	/** Undefined when there is no keyboard (e.g. `ssh host cmd` without -t): the caller shows that, and Ctrl-C arrives as SIGINT. */
	keys?: KeySource;
	dispatch: Dispatch<DashboardAction>;
	cameraCount: number;
	/** Columns of the camera grid: up and down move by a whole row. */
	columns: number;
	onReset: () => void;
	onQuit: () => void;
	onSuspend?: () => void;
}

/** The dashboard's keys: every key of a read acts, in order (several arrive at once over a laggy link). */
export function useDashboardKeys(handlers: DashboardKeyHandlers): {keysAvailable: boolean} {
	// The subscription lives as long as the key source; the handlers it calls are always the latest.
	const latest = useRef(handlers);
	useEffect(() => {
		latest.current = handlers;
	});
	const {keys} = handlers;
	useEffect(() => {
		if (!keys) return;
		return keys.subscribe(batch => {
			for (const key of batch) actOnKey(key, latest.current);
		});
	}, [keys]);
	return {keysAvailable: keys !== undefined};
}

function actOnKey(key: Key, {dispatch, cameraCount, columns, onReset, onQuit, onSuspend}: DashboardKeyHandlers): void {
	const select = (delta: number) => dispatch({type: 'select', delta, cameraCount});
	switch (key.name) {
		case 'char':
			if (key.char === 'q') onQuit();
			else if (key.char === 'd') dispatch({type: 'toggle-debug'});
			else if (key.char === 'p') dispatch({type: 'toggle-previews'});
			else if (key.char === 'P') dispatch({type: 'next-preview-mode'});
			else if (key.char === 'l') dispatch({type: 'toggle-log'});
			else if (key.char === '?') dispatch({type: 'toggle-help'});
			else if (key.char === 'r') onReset();
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
		case 'right':
			select(1);
			return;
		case 'backtab':
		case 'left':
			select(-1);
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
