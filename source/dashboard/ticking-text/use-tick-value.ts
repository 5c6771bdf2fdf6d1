import {useEffect, useLayoutEffect, useReducer, useRef} from 'react';
import {useTicks} from '../now-context.js';

/**
 * Something a component draws that follows the time (a ticking text's width,
 * which decides what fits on a line): the component renders again at a tick
 * only when it changed.
 */
export function useTickValue<T>(select: (now: number) => T): T {
	const ticks = useTicks();
	const [, rerender] = useReducer((count: number) => count + 1, 0);
	const value = select(ticks.now());
	const latest = useRef({select, value});
	useLayoutEffect(() => {
		latest.current = {select, value};
	});
	useEffect(
		() =>
			ticks.subscribe(() => {
				if (!Object.is(latest.current.select(ticks.now()), latest.current.value)) rerender();
			}),
		[ticks],
	);
	return value;
}
