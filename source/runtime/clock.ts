/**
 * The program's two times. A Pi without a real-time clock steps its wall
 * clock when NTP syncs (days forward, or back), so every duration (image
 * timeout, stall limit, uptime, rates, intervals, overdue, backoff) is
 * measured on the monotonic clock; file names, log lines and points sent out
 * carry the wall time.
 *
 * Monotonic times are on the epoch scale: the wall time when the program
 * started plus the monotonic time since. Until the wall clock steps they read
 * as wall times (within a millisecond), so they stay easy to read and test.
 */
export interface Clock {
	/** Never steps: for durations. */
	monotonicMs(): number;
	/** What the system clock says now (steps with NTP): for file names and logs. */
	wallMs(): number;
}

export const systemClock: Clock = {
	monotonicMs: () => performance.timeOrigin + performance.now(),
	wallMs: () => Date.now(),
};

/** What to add to a monotonic time to read it on the wall clock as it is set now. */
export function wallOffset(clock: Clock): number {
	return clock.wallMs() - clock.monotonicMs();
}
