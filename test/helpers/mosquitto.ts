import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {once} from 'node:events';
import {connect as connectTcp} from 'node:net';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {freePort} from './free-port.js';

export interface Mosquitto {
	port: number;
	url: string;
	/** Kills it (SIGKILL: a crash, not a clean stop). */
	kill(): Promise<void>;
	/** Starts it again on the same port, empty (no persistence: retained messages are gone, as after a crash). */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

/** Debian puts the broker in /usr/sbin, on root's PATH only. */
const MOSQUITTO = spawnSync('sh', ['-c', 'command -v mosquitto']).status === 0 ? 'mosquitto' : '/usr/sbin/mosquitto';

/**
 * A real Mosquitto on 127.0.0.1, its config in a temp folder. With `users`,
 * only those may connect (a password_file made by mosquitto_passwd). Fails
 * (never skips) when mosquitto is not installed.
 */
export async function startMosquitto(options: {users?: Record<string, string>} = {}): Promise<Mosquitto> {
	if (spawnSync(MOSQUITTO, ['-h'], {stdio: 'ignore'}).error) throw new Error('mosquitto is needed for the MQTT tests: apt-get install -y mosquitto mosquitto-clients');
	// Its own folder, removed by stop(): it outlives single tests (one broker per test file).
	const folder = mkdtempSync(path.join(tmpdir(), 'esp-cam-mosquitto-'));
	const port = await freePort();
	const lines = [`listener ${port} 127.0.0.1`, `allow_anonymous ${options.users ? 'false' : 'true'}`, 'persistence false'];
	if (options.users) {
		const passwords = path.join(folder, 'passwords');
		writeFileSync(passwords, '');
		for (const [user, password] of Object.entries(options.users)) {
			const made = spawnSync('mosquitto_passwd', ['-b', passwords, user, password], {encoding: 'utf8'});
			if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);
		}

		// Started as root, mosquitto reads it as the user `mosquitto`.
		chmodSync(folder, 0o755);
		chmodSync(passwords, 0o644);
		lines.push(`password_file ${passwords}`);
	}

	const config = path.join(folder, 'mosquitto.conf');
	writeFileSync(config, `${lines.join('\n')}\n`);
	let broker: ChildProcess | undefined;
	const launch = async () => {
		const child = spawn(MOSQUITTO, ['-c', config], {stdio: ['ignore', 'ignore', 'pipe']});
		let log = '';
		child.stderr.on('data', (chunk: Buffer) => {
			log += chunk.toString();
		});
		broker = child;
		for (let waited = 0; !(await accepts(port)); waited += 50) {
			if (waited > 5000 || child.exitCode !== null) throw new Error(`mosquitto did not start on port ${port}: ${log}`);
			await delay(50);
		}
	};

	const kill = async () => {
		const child = broker;
		if (child?.exitCode !== null || child.signalCode !== null) return;
		const exited = once(child, 'exit');
		child.kill('SIGKILL');
		await exited;
	};

	await launch();
	const stop = async () => {
		await kill();
		rmSync(folder, {recursive: true, force: true});
	};

	return {port, url: `mqtt://127.0.0.1:${port}`, kill, restart: launch, stop};
}

async function accepts(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connectTcp(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** The retained payload of `topic`, read with mosquitto_sub (raw bytes), or undefined when it has none. */
export function retainedWithMosquittoSub(port: number, topic: string): Buffer | undefined {
	const read = spawnSync('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-C', '1', '-W', '2', '-N', '--retained-only'], {maxBuffer: 16 << 20});
	if (read.error) throw new Error('mosquitto_sub is needed for the MQTT tests: apt-get install -y mosquitto-clients');
	return read.status === 0 ? read.stdout : undefined;
}
