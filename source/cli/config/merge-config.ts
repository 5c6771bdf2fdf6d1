import type {FlagSpecs, FlagValues} from '../arguments.js';
import {readConfigFile} from './config-file.js';

/** The config file, and its flags not overridden on the command line → their keys. */
let fromFile: {file: string; keys: Map<string, string>} = {file: '', keys: new Map()};

/**
 * The command line's flags over those of `--config <file>`, if given: a flag on
 * the command line replaces the file's value (a list too, as a whole).
 */
export async function withConfigFile<Specs extends FlagSpecs>(commandLine: FlagValues<Specs> & {config?: string}, specs: Specs): Promise<FlagValues<Specs>> {
	if (commandLine.config === undefined) return commandLine;
	const config = await readConfigFile(commandLine.config, specs);
	fromFile = {file: config.file, keys: new Map([...config.keys].filter(([flag]) => !Object.hasOwn(commandLine, flag)))};

	return {...config.flags, ...commandLine};
}

/**
 * A usage message about flags (`--keep-days must be …`) says which key of the
 * config file gave a flag it names, so the fix is found where the value is.
 */
export function blameConfigFile(message: string): string {
	const keys = [...message.matchAll(/--([a-z][\da-z-]*)/g)].map(match => fromFile.keys.get(match[1]!)).filter(key => key !== undefined);
	return keys.length === 0 ? message : `${fromFile.file}: ${[...new Set(keys)].join(', ')}: ${message}`;
}
