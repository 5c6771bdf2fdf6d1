import {decodeCredential} from '../url-credentials.js';

/**
 * Where and how to write: the /write URL with its query, the headers that
 * carry the credentials, and a description for people without any secret.
 */
export interface InfluxEndpoint {
	api: 'v1' | 'v2';
	/** `…/write?db=x&precision=u` (v1) or `…/api/v2/write?org=…&bucket=…&precision=us` (v2); never holds a secret. */
	writeUrl: string;
	/** `Authorization` when there are credentials. */
	headers: Record<string, string>;
	/** `http://pi:8086 db=cams` or `http://pi:8086 org=agri bucket=balcony`: no password, no token. */
	target: string;
}

export class InfluxUrlError extends Error {}

/**
 * `--influx <url>`: v1 `http://[user:pass@]host:8086[/prefix]?db=name[&rp=policy][&u=user&p=pass]`
 * (or a `token` of `user:password`), or v2 `http://host:8086?org=agri&bucket=balcony`
 * with `token`. Credentials
 * go into the Authorization header (v1: Basic, v2: Token), never into the URL
 * that is requested or shown. Throws InfluxUrlError with a message that holds
 * no secret.
 */
export function parseInfluxUrl(text: string, token?: string): InfluxEndpoint {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new InfluxUrlError('--influx must be a URL such as http://host:8086?db=cams or http://host:8086?org=agri&bucket=balcony');
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InfluxUrlError(`--influx must be an http:// or https:// URL (got ${url.protocol}//…)`);
	const query = url.searchParams;
	const known = new Set(['db', 'rp', 'u', 'p', 'org', 'bucket']);
	const unknown = [...query.keys()].find(key => !known.has(key));
	if (unknown !== undefined) throw new InfluxUrlError(`--influx: unknown query parameter "${unknown}" (known: db, rp, u, p for InfluxDB 1.x; org, bucket for 2.x)`);
	const db = query.get('db') ?? undefined;
	const bucket = query.get('bucket') ?? undefined;
	const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
	let user = decodeCredential(url.username) || (query.get('u') ?? '');
	let password = decodeCredential(url.password) || (query.get('p') ?? '');
	// 1.x: a token is `user:password` (as InfluxDB 1.8 takes it), which keeps the password off the command line.
	if (query.has('db') && token !== undefined && !user && !password) {
		const colon = token.indexOf(':');
		if (colon < 1) throw new InfluxUrlError('--influx: for InfluxDB 1.x the token (INFLUXDB_TOKEN or --influx-token-file) must be user:password');
		user = token.slice(0, colon);
		password = token.slice(colon + 1);
	}

	const shownBase = `${url.protocol}//${user ? `${encodeURIComponent(user)}@` : ''}${url.host}${url.pathname.replace(/\/+$/, '')}`;

	if (db !== undefined && bucket !== undefined) throw new InfluxUrlError('--influx: give either db= (InfluxDB 1.x) or org= and bucket= (2.x), not both');
	if (db !== undefined) {
		if (db === '') throw new InfluxUrlError('--influx: db= needs a database name');
		if (query.has('org')) throw new InfluxUrlError('--influx: org= belongs to InfluxDB 2.x (with bucket=); for 1.x give db= alone');
		const rp = query.get('rp') ?? undefined;
		const write = new URLSearchParams({db, ...(rp ? {rp} : {}), precision: 'u'});
		const headers: Record<string, string> = user || password ? {authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`} : {};
		return {api: 'v1', writeUrl: `${base}/write?${write.toString()}`, headers, target: `${shownBase} db=${db}${rp ? ` rp=${rp}` : ''}`};
	}

	if (bucket !== undefined) {
		const org = query.get('org') ?? '';
		if (bucket === '' || org === '') throw new InfluxUrlError('--influx: InfluxDB 2.x needs both org= and bucket=, e.g. http://host:8086?org=agri&bucket=balcony');
		if (user || password || query.has('rp')) throw new InfluxUrlError('--influx: InfluxDB 2.x takes a token (INFLUXDB_TOKEN or --influx-token-file), not a user, password or rp=');
		if (!token) throw new InfluxUrlError('--influx: InfluxDB 2.x needs a token: set INFLUXDB_TOKEN or give --influx-token-file <file>');
		const write = new URLSearchParams({org, bucket, precision: 'us'});
		return {api: 'v2', writeUrl: `${base}/api/v2/write?${write.toString()}`, headers: {authorization: `Token ${token}`}, target: `${shownBase} org=${org} bucket=${bucket}`};
	}

	throw new InfluxUrlError('--influx needs ?db=name (InfluxDB 1.x) or ?org=…&bucket=… (2.x), e.g. http://host:8086?db=cams');
}
