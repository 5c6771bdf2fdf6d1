import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {freePort} from './free-port.js';

export interface Influxd {
	port: number;
	url: string;
	/** Runs an InfluxQL statement over HTTP (as `admin` when auth is on); returns the JSON answer. */
	query(q: string, db?: string): Promise<InfluxAnswer>;
	/** The rows of a SELECT, as objects by column. */
	select(q: string, db: string): Promise<Record<string, unknown>[]>;
	stop(): Promise<void>;
	/** Starts it again on the same port and data. */
	restart(): Promise<void>;
}

export interface InfluxAnswer {
	results: {series?: {name: string; columns: string[]; values: unknown[][]}[]; error?: string}[];
}

export const ADMIN = {user: 'admin', password: 'admin-secret'};

/**
 * The real Debian influxd (1.x) with everything in `dir` (a temporary folder): HTTP
 * on a free port, its RPC service on another, no reporting, no _internal
 * database. `auth`: authentication on, with the admin user ADMIN. Fails
 * loudly when influxd is not installed.
 */
export async function startInfluxd(dir: string, options: {auth?: boolean} = {}): Promise<Influxd> {
	if (spawnSync('sh', ['-c', 'command -v influxd']).status !== 0) throw new Error('influxd is not installed (Debian package influxdb): the InfluxDB tests need it');
	mkdirSync(dir, {recursive: true});
	const port = await freePort();
	const rpcPort = await freePort();
	const config = path.join(dir, 'influxdb.conf');
	writeFileSync(
		config,
		[
			'reporting-disabled = true',
			`bind-address = "127.0.0.1:${rpcPort}"`,
			'[meta]',
			`  dir = "${dir}/meta"`,
			'[data]',
			`  dir = "${dir}/data"`,
			`  wal-dir = "${dir}/wal"`,
			'  query-log-enabled = false',
			'[monitor]',
			'  store-enabled = false',
			'[http]',
			`  bind-address = "127.0.0.1:${port}"`,
			`  auth-enabled = ${options.auth ? 'true' : 'false'}`,
			'  log-enabled = false',
			'[logging]',
			'  level = "warn"',
			'  suppress-logo = true',
			'',
		].join('\n'),
	);
	const url = `http://127.0.0.1:${port}`;
	let child: ChildProcess | undefined;
	let log = '';

	const start = async () => {
		child = spawn('influxd', ['-config', config], {stdio: ['ignore', 'pipe', 'pipe']});
		child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
		for (let tries = 0; tries < 100; tries++) {
			if (child.exitCode !== null) throw new Error(`influxd ended at start:\n${log}`);
			const up = await fetch(`${url}/ping`).then(
				response => response.status === 204,
				() => false,
			);
			if (up) return;
			await delay(100);
		}

		throw new Error(`influxd did not answer on ${url} within 10 s:\n${log}`);
	};

	const stop = async () => {
		if (child?.exitCode !== null) return;
		const exited = once(child, 'exit');
		child.kill('SIGTERM');
		const killer = setTimeout(() => child?.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(killer);
	};

	const query = async (q: string, db?: string, asAdmin = options.auth): Promise<InfluxAnswer> => {
		const body = new URLSearchParams({q, ...(db ? {db} : {})});
		const headers: Record<string, string> = asAdmin ? {authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`} : {};
		const response = await fetch(`${url}/query`, {method: 'POST', body, headers});
		return (await response.json()) as InfluxAnswer;
	};

	await start();
	// With auth on, the first admin user can be made without credentials.
	if (options.auth) {
		const made = await query(`CREATE USER ${ADMIN.user} WITH PASSWORD '${ADMIN.password}' WITH ALL PRIVILEGES`, undefined, false);
		if (made.results[0]?.error) throw new Error(`influxd: ${made.results[0].error}`);
	}

	return {
		port,
		url,
		query,
		async select(q, db) {
			const answer = await query(q, db);
			const result = answer.results[0];
			if (result?.error) throw new Error(result.error);
			const series = result?.series ?? [];
			return series.flatMap(one => one.values.map(row => Object.fromEntries(one.columns.map((column, index) => [column, row[index]]))));
		},
		stop,
		restart: start,
	};
}
