import {createContext, useContext} from 'react';

/**
 * The snapshot's time (wall clock, ms), for what shows time (`5 s ago`): only
 * those components render again at each second's tick, not the panels around them.
 */
export const NowContext = createContext<number | undefined>(undefined);

/** The snapshot's time; the clock's outside a dashboard (a component rendered alone). */
export function useNow(): number {
	return useContext(NowContext) ?? Date.now();
}
