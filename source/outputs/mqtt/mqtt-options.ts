import {readFile} from 'node:fs/promises';
import {UsageError} from '../../runtime/flag-validation.js';
import {decodeCredential, redactUrlCredentials} from '../url-credentials.js';

export {redactArguments} from '../url-credentials.js';

export interface MqttOptions {
	/** `mqtt://host:1883` or `mqtts://host:8883`: no user, no password. */
	url: string;
	username?: string;
	password?: string;
	/** --mqtt-ca: the certificate authority of a broker whose certificate no system CA signed. */
	ca?: Buffer;
	/** Every topic of ours starts with this (`esp-cam`). */
	prefix: string;
	/** Home Assistant's discovery prefix (`homeassistant`); undefined: no discovery. */
	discoveryPrefix?: string;
}

export const DEFAULT_PREFIX = 'esp-cam';
export const DEFAULT_DISCOVERY_PREFIX = 'homeassistant';
/** Where the password may come from instead of the URL (which `ps` would show). */
export const PASSWORD_ENVIRONMENT_VARIABLE = 'MQTT_PASSWORD';

export interface MqttFlags {
	mqtt?: string;
	'mqtt-prefix'?: string;
	'mqtt-discovery-prefix'?: string;
	'mqtt-ca'?: string;
	'mqtt-password-file'?: string;
}

/** The RunSettings part for the --mqtt flags: none without --mqtt (then its other flags are a usage error). */
export async function mqttSettings(flags: MqttFlags): Promise<{mqtt?: MqttOptions}> {
	if (flags.mqtt === undefined) {
		const stray = (['mqtt-prefix', 'mqtt-discovery-prefix', 'mqtt-ca', 'mqtt-password-file'] as const).find(flag => flags[flag] !== undefined);
		if (stray) throw new UsageError(`--${stray} needs --mqtt`);
		return {};
	}

	return {mqtt: await mqttOptions(flags as MqttFlags & {mqtt: string})};
}

/**
 * The --mqtt flags as options. The password comes from the URL, else
 * --mqtt-password-file, else $MQTT_PASSWORD. Throws UsageError for a bad URL
 * or prefix, or a file that cannot be read.
 */
export async function mqttOptions(flags: MqttFlags & {mqtt: string}, environment: NodeJS.ProcessEnv = process.env): Promise<MqttOptions> {
	const {url, username, password: urlPassword} = parseBrokerUrl(flags.mqtt);
	const prefix = topicPrefix('mqtt-prefix', flags['mqtt-prefix'] ?? DEFAULT_PREFIX);
	const discovery = flags['mqtt-discovery-prefix'] ?? DEFAULT_DISCOVERY_PREFIX;
	const discoveryPrefix = discovery === 'off' ? undefined : topicPrefix('mqtt-discovery-prefix', discovery);
	const passwordFile = flags['mqtt-password-file'];
	if (urlPassword !== undefined && passwordFile !== undefined) throw new UsageError('--mqtt has a password and --mqtt-password-file gives another: give it once');
	const password = urlPassword ?? (passwordFile === undefined ? environment[PASSWORD_ENVIRONMENT_VARIABLE] : await readSecret('mqtt-password-file', passwordFile));
	const caFile = flags['mqtt-ca'];
	const ca = caFile === undefined ? undefined : await readFlagFile('mqtt-ca', caFile);
	if (ca && !url.startsWith('mqtts:')) throw new UsageError('--mqtt-ca is for an mqtts:// broker');
	return {
		url,
		prefix,
		...(discoveryPrefix === undefined ? {} : {discoveryPrefix}),
		...(username === undefined ? {} : {username}),
		...(password === undefined || password === '' ? {} : {password}),
		...(ca === undefined ? {} : {ca}),
	};
}

/** `mqtt://user:pass@host:1883` → the URL without credentials, and the credentials. */
export function parseBrokerUrl(text: string): {url: string; username?: string; password?: string} {
	let parsed: URL;
	try {
		parsed = new URL(text.trim());
	} catch {
		throw new UsageError(`--mqtt must be a URL like mqtt://host:1883 or mqtts://user@host:8883 (got ${JSON.stringify(redactBrokerUrl(text))})`);
	}

	if (parsed.protocol !== 'mqtt:' && parsed.protocol !== 'mqtts:') throw new UsageError(`--mqtt must start with mqtt:// or mqtts:// (got ${parsed.protocol}//)`);
	if (parsed.hostname === '') throw new UsageError('--mqtt has no host, e.g. mqtt://192.168.1.10:1883');
	if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search !== '')
		throw new UsageError('--mqtt takes only scheme, user, password, host and port (the topic prefix is --mqtt-prefix)');
	const port = parsed.port === '' ? (parsed.protocol === 'mqtts:' ? 8883 : 1883) : Number(parsed.port);
	const username = parsed.username === '' ? undefined : decodeCredential(parsed.username);
	const password = parsed.password === '' ? undefined : decodeCredential(parsed.password);
	return {url: `${parsed.protocol}//${parsed.host.replace(/:\d+$/, '')}:${port}`, username, password};
}

/** The URL as it may be shown (logs, `ps`): its password replaced by `***`. */
export const redactBrokerUrl = redactUrlCredentials;

/** A prefix of topics: levels of letters, digits, `_` and `-`, no wildcards, no empty level. */
function topicPrefix(flag: string, value: string): string {
	if (!/^[\w-]+(?:\/[\w-]+)*$/.test(value)) throw new UsageError(`--${flag} must be topic levels of letters, digits, _ and - separated by / (got ${JSON.stringify(value)})`);
	return value;
}

async function readSecret(flag: string, file: string): Promise<string> {
	// The first line, as `echo secret > file` writes it.
	return (await readFlagFile(flag, file)).toString('utf8').split(/\r?\n/)[0]!;
}

async function readFlagFile(flag: string, file: string): Promise<Buffer> {
	try {
		return await readFile(file);
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		throw new UsageError(
			`--${flag}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable')}`,
		);
	}
}
