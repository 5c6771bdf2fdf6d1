export interface BackoffOptions {
	/** The first wait. */
	initialMs?: number;
	/** Waits double up to this. */
	maxMs?: number;
	/** 0..1; injectable so tests can pin the jitter. */
	random?: () => number;
}

/**
 * Waits between retries: doubling from `initialMs` up to `maxMs`, each one
 * between half and all of that (jitter, so that several monitors restarted
 * together do not hit a server in step).
 */
export class Backoff {
	private attempt = 0;
	private readonly initialMs: number;
	private readonly maxMs: number;
	private readonly random: () => number;

	constructor(options: BackoffOptions = {}) {
		this.initialMs = options.initialMs ?? 1000;
		this.maxMs = options.maxMs ?? 60_000;
		this.random = options.random ?? Math.random;
	}

	/** Failures in a row so far. */
	get failures(): number {
		return this.attempt;
	}

	/** The wait before the next try, after one more failure. */
	next(): number {
		const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
		this.attempt++;
		return Math.round(ceiling * (0.5 + this.random() * 0.5));
	}

	/** After a success: the next failure waits `initialMs` again. */
	reset(): void {
		this.attempt = 0;
	}
}
