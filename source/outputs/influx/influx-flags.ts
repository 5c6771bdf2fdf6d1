import {readFileSync} from 'node:fs';
import {positiveInteger, UsageError} from '../../runtime/flag-validation.js';
import {FatalError} from '../../runtime/fatal-error.js';
import {InfluxUrlError, parseInfluxUrl, type InfluxEndpoint} from './influx-endpoint.js';

export interface InfluxOptions {
	endpoint: InfluxEndpoint;
	/** --influx-keep-100: also write the reading 100 the cameras send at first boot. */
	keepFirstBootReading: boolean;
	/** --influx-buffer: points held while the server cannot take them. */
	bufferPoints: number;
}

export const DEFAULT_INFLUX_BUFFER = 10_000;

export const influxFlagSpecs = {
	influx: {type: 'string'},
	'influx-token-file': {type: 'string'},
	'influx-keep-100': {type: 'boolean'},
	'influx-buffer': {type: 'string'},
} as const;

export interface InfluxFlags {
	influx?: string;
	'influx-token-file'?: string;
	'influx-keep-100'?: boolean;
	'influx-buffer'?: string;
}

/**
 * The --influx settings, or undefined without --influx. The token comes from
 * --influx-token-file, else INFLUXDB_TOKEN (as the Python receiver reads it).
 * Throws UsageError for a bad flag, FatalError for a token file that cannot be read.
 */
export function influxOptions(flags: InfluxFlags, env: NodeJS.ProcessEnv = process.env): InfluxOptions | undefined {
	if (flags.influx === undefined) {
		const stray = (['influx-token-file', 'influx-keep-100', 'influx-buffer'] as const).find(flag => flags[flag] !== undefined);
		if (stray) throw new UsageError(`--${stray} needs --influx <url>`);
		return undefined;
	}

	const token = flags['influx-token-file'] === undefined ? env.INFLUXDB_TOKEN?.trim() : readToken(flags['influx-token-file']);
	try {
		return {
			endpoint: parseInfluxUrl(flags.influx, token || undefined),
			keepFirstBootReading: flags['influx-keep-100'] ?? false,
			bufferPoints: positiveInteger('influx-buffer', flags['influx-buffer'] ?? String(DEFAULT_INFLUX_BUFFER), {max: 1_000_000}),
		};
	} catch (error) {
		if (error instanceof InfluxUrlError) throw new UsageError(error.message);
		throw error;
	}
}

function readToken(file: string): string {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		throw new FatalError(`cannot read --influx-token-file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'error')}`);
	}

	const token = text.trim();
	if (token === '') throw new FatalError(`--influx-token-file ${file} is empty`);
	return token;
}
