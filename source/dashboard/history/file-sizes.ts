import {stat} from 'node:fs/promises';

export type FileSize = {state: 'pending'} | {state: 'known'; bytes: number} | {state: 'missing'; why: string};

const KEPT = 64;

/**
 * File sizes, asked for one at a time as a person steps through images: a
 * stat only for the image shown, never for the whole folder. Subscribers
 * hear when an answer comes.
 */
export class FileSizes {
	private readonly sizes = new Map<string, FileSize>();
	private readonly listeners = new Set<() => void>();
	version = 0;

	get(file: string): FileSize {
		const known = this.sizes.get(file);
		if (known) return known;
		const pending: FileSize = {state: 'pending'};
		this.remember(file, pending);
		stat(file).then(
			stats => this.answer(file, stats.isFile() ? {state: 'known', bytes: stats.size} : {state: 'missing', why: 'not a file'}),
			(error: unknown) => this.answer(file, {state: 'missing', why: whyNoSize(error)}),
		);
		return pending;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	private answer(file: string, size: FileSize): void {
		this.remember(file, size);
		this.version++;
		for (const listener of this.listeners) listener();
	}

	private remember(file: string, size: FileSize): void {
		this.sizes.delete(file);
		this.sizes.set(file, size);
		if (this.sizes.size > KEPT) this.sizes.delete(this.sizes.keys().next().value!);
	}
}

function whyNoSize(error: unknown): string {
	const {code, message} = error as NodeJS.ErrnoException;
	if (code === 'ENOENT') return 'file gone (deleted or moved)';
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	return code ?? message;
}
