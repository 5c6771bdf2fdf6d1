import {parseArgs} from 'node:util';
import {UsageError} from '../runtime/flag-validation.js';

export interface FlagSpec {
	type: 'string' | 'boolean';
	/** One letter, e.g. `p` for `-p`. */
	short?: string;
	/** May be given more than once (`--port a --port b`): the value is then a list, in order. */
	multiple?: boolean;
}

export type FlagSpecs = Record<string, FlagSpec>;

/** Unset flags are `undefined`: a boolean given nowhere is not `false`. */
export type FlagValues<Specs extends FlagSpecs> = {
	[Name in keyof Specs]?: Specs[Name]['type'] extends 'string' ? (Specs[Name]['multiple'] extends true ? string[] : string) : boolean;
};

export interface ParsedArguments<Specs extends FlagSpecs> {
	flags: FlagValues<Specs>;
	positionals: string[];
	help: boolean;
	version: boolean;
}

const ALWAYS: FlagSpecs = {
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
};

/**
 * Reads the command line strictly: an unknown flag, a flag that needs a value
 * and has none (or has the next flag instead), or a value given to a switch is
 * a usage error. `--help`/`-h` and `--version`/`-v` win over any such error.
 * A lone `-` is a value (`--replay -`, `simulate -`).
 */
export function parseArguments<Specs extends FlagSpecs>(argv: string[], specs: Specs): ParsedArguments<Specs> {
	const options: FlagSpecs = {...specs, ...ALWAYS};
	const {tokens} = parseArgs({args: argv, options, strict: false, allowPositionals: true, tokens: true});
	const flags: Record<string, string | boolean | string[]> = {};
	const positionals: string[] = [];
	let firstProblem: UsageError | undefined;
	for (const token of tokens) {
		if (token.kind === 'positional') {
			positionals.push(token.value);
			continue;
		}

		if (token.kind !== 'option') continue;
		const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
		const problem = spec ? checkValue(token.name, spec, token.value, token.inlineValue) : `unknown flag ${token.rawName}`;
		if (problem) firstProblem ??= new UsageError(problem);
		else if (spec?.multiple) flags[token.name] = [...((flags[token.name] as string[] | undefined) ?? []), token.value!];
		else flags[token.name] = token.value ?? true;
	}

	const help = flags.help === true;
	const version = flags.version === true;
	if (firstProblem && !help && !version) throw firstProblem;
	return {flags: flags as FlagValues<Specs>, positionals, help, version};
}

function checkValue(name: string, spec: FlagSpec, value: string | undefined, inline: boolean | undefined): string | undefined {
	if (spec.type === 'boolean') return value === undefined ? undefined : `--${name} takes no value (got "${value}")`;
	if (value === undefined || value.trim() === '') return `--${name} needs a value`;
	// The parser takes the next word whatever it is: `--port --headless` would read a port called "--headless".
	if (!inline && value.length > 1 && value.startsWith('-')) {
		return `--${name} needs a value, not "${value}"; write --${name}=${value} if that is the value`;
	}

	return undefined;
}
