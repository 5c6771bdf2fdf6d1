import {nextTextCellMode} from './preview/preview-choice.js';
import type {TextCellMode} from '../graphics/cells/glyphs.js';

export interface DashboardState {
	debug: boolean;
	previews: boolean;
	/** The text cells previews are drawn with (`P`). */
	previewMode: TextCellMode;
	logVisible: boolean;
	help: boolean;
	/** Large preview of the selected camera's last image. */
	zoom: boolean;
	/** Index into the camera list. */
	selected: number;
}

export type DashboardAction =
	| {type: 'toggle-debug'}
	| {type: 'toggle-previews'}
	| {type: 'next-preview-mode'}
	| {type: 'toggle-log'}
	| {type: 'toggle-help'}
	| {type: 'zoom'}
	| {type: 'back'}
	| {type: 'select'; delta: number; cameraCount: number};

export const initialDashboardState: DashboardState = {
	debug: false,
	previews: true,
	previewMode: 'half',
	logVisible: true,
	help: false,
	zoom: false,
	selected: 0,
};

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
	switch (action.type) {
		case 'toggle-debug':
			return {...state, debug: !state.debug};
		case 'toggle-previews':
			return {...state, previews: !state.previews};
		case 'next-preview-mode':
			// Previews that are off come back as they were.
			return state.previews ? {...state, previewMode: nextTextCellMode(state.previewMode)} : {...state, previews: true};
		case 'toggle-log':
			return {...state, logVisible: !state.logVisible};
		case 'toggle-help':
			return {...state, help: !state.help};
		case 'zoom':
			return {...state, zoom: true, help: false};
		case 'back':
			return {...state, zoom: false, help: false};
		case 'select': {
			if (action.cameraCount === 0) return state;
			const selected = (((state.selected + action.delta) % action.cameraCount) + action.cameraCount) % action.cameraCount;
			return {...state, selected};
		}
	}
}
