import {readFile} from 'node:fs/promises';
import {parse, TomlError} from 'smol-toml';
import type {FlagSpec, FlagSpecs} from '../arguments.js';
import {UsageError} from '../../runtime/flag-validation.js';
import {FatalError} from '../../runtime/fatal-error.js';
import {describeFsError} from '../../io/store/fs-errors.js';

export type FlagValue = string | boolean | string[];

/** The flags a config file gives, and where each came from (`influx.token-file`), for messages. */
export interface ConfigValues {
	file: string;
	flags: Record<string, FlagValue>;
	/** Flag name → the key as written in the file. */
	keys: Map<string, string>;
}

/** Flags that make no sense in a file. */
const NOT_FROM_FILE = new Set(['config', 'help', 'version']);

/**
 * Reads `--config file.toml`: keys are the long flag names (`port`, `keep-days`),
 * values strings, numbers or booleans, a list for a flag that may be given more
 * than once. A table groups flags by their first word: in `[influx]`, `url` is
 * `--influx` and `token-file` is `--influx-token-file`. An unreadable file is a
 * FatalError (exit 1); anything wrong inside it a UsageError (exit 2) naming the
 * file and the key.
 */
export async function readConfigFile(file: string, specs: FlagSpecs): Promise<ConfigValues> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const {code, message} = error as NodeJS.ErrnoException;
		const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : describeFsError(code, message);
		throw new FatalError(`cannot read the config file ${file}: ${why}`);
	}

	return configValues(file, text, specs);
}

/** The flags in the TOML `text` of `file` (see readConfigFile). */
export function configValues(file: string, text: string, specs: FlagSpecs): ConfigValues {
	let document: Record<string, unknown>;
	try {
		document = parse(text);
	} catch (error) {
		if (!(error instanceof TomlError)) throw error;
		throw new UsageError(`${file} is not valid TOML: line ${error.line}, column ${error.column}: ${firstLine(error.message)}`);
	}

	const values: ConfigValues = {file, flags: {}, keys: new Map()};
	for (const [key, value] of Object.entries(document)) {
		if (isTable(value)) {
			for (const [innerKey, innerValue] of Object.entries(value)) {
				const where = `${key}.${innerKey}`;
				if (isTable(innerValue)) throw new UsageError(`${file}: [${key}] ${innerKey}: a table inside a table is not an option`);
				add(values, specs, flagInTable(key, innerKey, specs) ?? `${key}-${innerKey}`, where, innerValue);
			}
		} else {
			add(values, specs, key, key, value);
		}
	}

	return values;
}

/** `[influx] url` stands for `--influx <url>` itself, unless there is an `--influx-url`. */
function flagInTable(table: string, key: string, specs: FlagSpecs): string | undefined {
	if (key === 'url' && !Object.hasOwn(specs, `${table}-url`) && Object.hasOwn(specs, table) && specs[table]!.type === 'string') return table;
	return undefined;
}

function add(values: ConfigValues, specs: FlagSpecs, flag: string, where: string, value: unknown): void {
	const {file} = values;
	const spec = Object.hasOwn(specs, flag) && !NOT_FROM_FILE.has(flag) ? specs[flag] : undefined;
	if (!spec) throw new UsageError(`${file}: unknown key ${where} (the keys are the long flag names, e.g. port = "/dev/ttyACM0")`);
	if (values.keys.has(flag)) throw new UsageError(`${file}: ${where} gives --${flag} again (also as ${values.keys.get(flag)})`);
	const flagValue = toFlagValue(spec, value, `${file}: ${where}`);
	values.keys.set(flag, where);
	// `headless = false` is a switch not given, as on the command line.
	if (flagValue !== false) values.flags[flag] = flagValue;
}

function toFlagValue(spec: FlagSpec, value: unknown, where: string): FlagValue {
	if (spec.type === 'boolean') {
		if (typeof value === 'boolean') return value;
		throw new UsageError(`${where} must be true or false (got ${describe(value)})`);
	}

	if (Array.isArray(value)) {
		if (!spec.multiple) throw new UsageError(`${where} takes one value, not a list`);
		if (value.length === 0) throw new UsageError(`${where} needs at least one value`);
		return value.map((item, index) => toText(item, `${where}[${index}]`));
	}

	const text = toText(value, where);
	return spec.multiple ? [text] : text;
}

/** A string, or a number written without quotes (`metrics = 9464`, `keep-days = 30`). */
function toText(value: unknown, where: string): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') throw new UsageError(`${where} must be a string or a number (got ${describe(value)})`);
	if (value.trim() === '') throw new UsageError(`${where} needs a value (got an empty string)`);
	return value;
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (isTable(value)) return 'a table';
	if (value instanceof Date) return `the date ${value.toISOString()}`;
	if (typeof value === 'number') return String(value);
	return JSON.stringify(value) ?? String(value);
}

function isTable(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function firstLine(message: string): string {
	return message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
}
