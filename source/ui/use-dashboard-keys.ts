import {useInput, useStdin} from 'ink';
import type {Dispatch} from 'react';
import type {DashboardAction} from './dashboard-state.js';

export interface DashboardKeyHandlers {
	dispatch: Dispatch<DashboardAction>;
	cameraCount: number;
	/** Columns of the camera grid: up and down move by a whole row. */
	columns: number;
	onReset: () => void;
	onQuit: () => void;
}

/**
 * The dashboard's keys. Without raw mode (e.g. `ssh host cmd` without -t)
 * there are no keys at all; the caller shows that, and Ctrl-C arrives as SIGINT.
 */
export function useDashboardKeys({dispatch, cameraCount, columns, onReset, onQuit}: DashboardKeyHandlers): {keysAvailable: boolean} {
	const {isRawModeSupported} = useStdin();
	useInput(
		(input, key) => {
			const select = (delta: number) => dispatch({type: 'select', delta, cameraCount});
			if (input === 'q' || (key.ctrl && input === 'c')) onQuit();
			else if (input === 'd') dispatch({type: 'toggle-debug'});
			else if (input === 'p') dispatch({type: 'toggle-previews'});
			else if (input === 'l') dispatch({type: 'toggle-log'});
			else if (input === '?') dispatch({type: 'toggle-help'});
			else if (input === 'r') onReset();
			else if (key.escape) dispatch({type: 'back'});
			else if (key.return) dispatch({type: 'zoom'});
			else if (key.tab) select(key.shift ? -1 : 1);
			else if (key.rightArrow) select(1);
			else if (key.leftArrow) select(-1);
			else if (key.downArrow) select(columns);
			else if (key.upArrow) select(-columns);
		},
		{isActive: isRawModeSupported === true},
	);
	return {keysAvailable: isRawModeSupported === true};
}
