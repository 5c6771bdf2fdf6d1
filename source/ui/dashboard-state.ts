export interface DashboardState {
	debug: boolean;
	previews: boolean;
	logVisible: boolean;
	help: boolean;
	/** Large preview of the selected camera's last image. */
	zoom: boolean;
	/** Index into the camera list. */
	selected: number;
	/** `s`: troubled cameras (overdue, battery, failing images) first. */
	troubleFirst: boolean;
}

export type DashboardAction =
	| {type: 'toggle-debug'}
	| {type: 'toggle-previews'}
	| {type: 'toggle-log'}
	| {type: 'toggle-help'}
	| {type: 'zoom'}
	| {type: 'back'}
	| {type: 'select'; delta: number; cameraCount: number}
	| {type: 'toggle-trouble-first'};

export const initialDashboardState: DashboardState = {
	debug: false,
	previews: true,
	logVisible: true,
	help: false,
	zoom: false,
	selected: 0,
	troubleFirst: false,
};

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
	switch (action.type) {
		case 'toggle-debug':
			return {...state, debug: !state.debug};
		case 'toggle-previews':
			return {...state, previews: !state.previews};
		case 'toggle-log':
			return {...state, logVisible: !state.logVisible};
		case 'toggle-help':
			return {...state, help: !state.help};
		case 'zoom':
			return {...state, zoom: true, help: false};
		case 'back':
			return {...state, zoom: false, help: false};
		case 'toggle-trouble-first':
			return {...state, troubleFirst: !state.troubleFirst};
		case 'select': {
			if (action.cameraCount === 0) return state;
			const selected = (((state.selected + action.delta) % action.cameraCount) + action.cameraCount) % action.cameraCount;
			return {...state, selected};
		}
	}
}
