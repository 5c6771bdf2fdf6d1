/** A bad flag value: the program says which flag and ends with exit code 2. */
export class UsageError extends Error {}

export function positiveInteger(flag: string, value: unknown, {min = 1, max = Number.MAX_SAFE_INTEGER} = {}): number {
	const number = typeof value === 'number' ? value : Number(value);
	if (!Number.isInteger(number) || number < min || number > max) {
		throw new UsageError(`--${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
	}

	return number;
}

export function positiveNumber(flag: string, value: unknown, {max = Number.MAX_SAFE_INTEGER} = {}): number {
	const number = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(number) || number <= 0 || number > max) {
		throw new UsageError(`--${flag} must be a number above 0${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''} (got ${JSON.stringify(value)})`);
	}

	return number;
}

export function probability(flag: string, value: unknown): number {
	const number = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(number) || number < 0 || number > 1) {
		throw new UsageError(`--${flag} must be a probability from 0 to 1 (got ${JSON.stringify(value)})`);
	}

	return number;
}

export function nonEmpty(flag: string, value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${flag} needs a value`);
	return value;
}

/** `320x240` */
export function pictureSize(flag: string, value: unknown): {width: number; height: number} {
	const match = /^(\d+)x(\d+)$/.exec(String(value));
	const width = Number(match?.[1]);
	const height = Number(match?.[2]);
	if (!match || width < 16 || height < 16 || width > 1600 || height > 1200) {
		throw new UsageError(`--${flag} must look like 320x240 (16x16 to 1600x1200; got ${JSON.stringify(value)})`);
	}

	return {width, height};
}

export function oneOf<T extends string>(flag: string, value: unknown, choices: readonly T[]): T {
	if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
	throw new UsageError(`--${flag} must be ${choices.map(choice => `"${choice}"`).join(' or ')} (got ${JSON.stringify(value)})`);
}
