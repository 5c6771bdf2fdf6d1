import {createContext, useContext} from 'react';

/**
 * The time the dashboard shows (wall clock, ms, read as the snapshots read
 * it), and its once-a-second tick. What shows time (`5 s ago`, the uptime)
 * follows the ticks by itself (see TickingText): a second that changes
 * nothing else renders nothing.
 */
export interface Ticks {
	now(): number;
	/** `listener` runs at each tick, after `now` moved. */
	subscribe(listener: () => void): () => void;
}

/** The dashboard's ticks: `tick` moves the time and tells the listeners. */
export class TickSource implements Ticks {
	private readonly listeners = new Set<() => void>();

	constructor(private time: number) {}

	now(): number {
		return this.time;
	}

	/** Moves the time without telling anyone (a render about to happen reads it). */
	set(time: number): void {
		this.time = time;
	}

	tick(): void {
		for (const listener of this.listeners) listener();
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}

/** Ticks that never come: a time fixed at `time`. */
export function fixedTime(time: number): Ticks {
	return {now: () => time, subscribe: () => () => undefined};
}

export const NowContext = createContext<Ticks | undefined>(undefined);

/** The dashboard's ticks; outside one (a component rendered alone), the clock's time, fixed at the render. */
export function useTicks(): Ticks {
	return useContext(NowContext) ?? fixedTime(Date.now());
}
