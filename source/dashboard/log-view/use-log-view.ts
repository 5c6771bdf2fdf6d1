import {useCallback, useReducer, useState} from 'react';
import type {Key} from '../../terminal/key-parser.js';
import type {DashboardModel} from '../dashboard-model.js';
import {rowText} from './log-row.js';
import {LogViewModel, type LogKeyContext} from './log-view-model.js';

/**
 * The log's state for the dashboard: one LogViewModel over the model's
 * lines, changed by keys at once (keys of one read act in order on the latest
 * state) and drawn on the next render.
 */
export function useLogView(dashboardModel: DashboardModel): {model: LogViewModel; takeKey: (key: Key, context: LogKeyContext) => boolean} {
	const [model] = useState(
		() =>
			new LogViewModel(dashboardModel.log, id => {
				const line = dashboardModel.logLine(id);
				return line && rowText(line);
			}),
	);
	const [, changed] = useReducer((count: number) => count + 1, 0);
	const takeKey = useCallback(
		(key: Key, context: LogKeyContext) => {
			const taken = model.takeKey(key, context);
			changed();
			return taken;
		},
		[model],
	);
	return {model, takeKey};
}
