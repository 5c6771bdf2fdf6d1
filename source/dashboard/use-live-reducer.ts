import {useCallback, useReducer, useRef} from 'react';

/**
 * useReducer whose latest state can be read at once, before React draws it:
 * keys of one read act in order, each on the state the one before left (`?`
 * then Esc l: Esc closes help, so l is the log's). React draws afterwards.
 */
export function useLiveReducer<S, A>(reducer: (state: S, action: A) => S, initial: S): [state: S, dispatch: (action: A) => void, latest: () => S] {
	const live = useRef(initial);
	const [, changed] = useReducer((count: number) => count + 1, 0);
	const dispatch = useCallback(
		(action: A) => {
			const next = reducer(live.current, action);
			if (next === live.current) return;
			live.current = next;
			changed();
		},
		[reducer],
	);
	const latest = useCallback(() => live.current, []);
	return [live.current, dispatch, latest];
}
