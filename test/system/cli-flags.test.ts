import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {SerialConnection} from '../../source/io/serial/serial-connection.js';
import {runCli, startCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version;
// A usage error ends at once; without the fix some of these started the monitor and waited for a relay.
const QUICK = {timeoutMs: 8000};

describe('command line flags', () => {
	it('an unknown flag is named in one line, exit 2, for the monitor and for simulate', async () => {
		for (const [args, flag] of [
			[['--prot', '/dev/ttyACM0'], '--prot'],
			[['--port', '/dev/ttyACM0', '-x'], '-x'],
			[['simulate', '-', '--camera', '2'], '--camera'],
		] as const) {
			const result = await runCli([...args], QUICK);
			assert.equal(result.code, 2, args.join(' '));
			assert.equal(result.stderr, `esp-cam-monitor: unknown flag ${flag} (see --help)\n`);
			assert.equal(result.stdout, '');
		}
	});

	it('a flag that needs a value and has none is a usage error, also when the next word is a flag', async () => {
		for (const args of [['--port'], ['-p'], ['--port', '--headless'], ['--out'], ['--record'], ['--replay'], ['--cameras'], ['--port='], ['simulate', '-', '--seed']]) {
			const flag = args
				.find(arg => arg.startsWith('-') && arg !== '-')!
				.replace(/=$/, '')
				.replace(/^-p$/, '--port');
			const result = await runCli(args, {...QUICK, cwd: tempDir()});
			assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}${result.stdout}`);
			assert.match(result.stderr, new RegExp(`^esp-cam-monitor: ${flag} needs a value`), args.join(' '));
		}
	});

	it('-h and -v work like --help and --version', async () => {
		const long = await runCli(['--help'], QUICK);
		const short = await runCli(['-h'], QUICK);
		assert.equal(short.code, 0);
		assert.equal(short.stdout, long.stdout);
		assert.match(short.stdout, /-p, --port/);
		assert.match(short.stdout, /Exit status/);
		const simulateHelp = await runCli(['simulate', '-h'], QUICK);
		assert.equal(simulateHelp.code, 0);
		assert.match(simulateHelp.stdout, /simulate <device\|file\|->/);
		assert.match(simulateHelp.stdout, /EPIPE/);
		for (const flag of ['-v', '--version']) {
			const result = await runCli([flag], QUICK);
			assert.equal(result.code, 0);
			assert.equal(result.stdout, `${version}\n`);
		}
	});
});

describe('--port that is not a serial port', () => {
	it('a regular file, a folder or /dev/null: exit 1 at once, naming the path, in plain words', async () => {
		const root = tempDir();
		const file = path.join(root, 'capture.bin');
		writeFileSync(file, 'not a port');
		const folder = path.join(root, 'folder');
		mkdirSync(folder);
		for (const port of [file, folder, '/dev/null']) {
			const result = await runCli(['--port', port, '--headless', '--out', path.join(root, 'out')], QUICK);
			assert.equal(result.code, 1, `${port}: ${result.stderr}${result.stdout}`);
			assert.match(result.stderr, /^esp-cam-monitor: --port .* is not a serial port \(it is .*\): give the relay's device/);
			assert.ok(result.stderr.includes(port), result.stderr);
			assert.doesNotMatch(result.stderr + result.stdout, /ioctl/i);
		}
	});

	it('found by --port auto (a stray file at /dev/ttyACM0): reported in plain words while it waits', async () => {
		const file = path.join(tempDir(), 'ttyACM0');
		writeFileSync(file, 'written before the device existed');
		const states: string[] = [];
		const connection = new SerialConnection({port: file, baudRate: 115_200, onData: () => undefined, onState: (state, _port, detail) => states.push(`${state}: ${detail}`)});
		connection.start();
		for (let waited = 0; states.length < 2 && waited < 5000; waited += 20) await new Promise(resolve => setTimeout(resolve, 20));
		await connection.stop();
		assert.match(states[1] ?? '', /^waiting: not a serial port: give the relay's device/);
		assert.doesNotMatch(states.join('\n'), /ioctl/i);
	});

	it('a port that does not exist yet is waited for', async () => {
		const root = tempDir();
		const port = path.join(root, 'ttyACM9');
		const monitor = startCli(['--port', port, '--headless', '--out', path.join(root, 'out')]);
		try {
			await monitor.waitFor(/waiting .*not found, waiting for it/, 8000);
			monitor.process.kill('SIGINT');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
		} finally {
			monitor.process.kill('SIGKILL');
		}
	});
});

describe('the running process', () => {
	it('ps and pgrep -f show esp-cam-monitor with all its arguments, also when started as node dist/cli/main.js', async () => {
		const root = tempDir();
		const port = path.join(root, 'host');
		const args = ['--port', port, '--headless', '--out', path.join(root, 'images'), '--timeout', '30'];
		const monitor = startCli(args);
		try {
			await monitor.waitFor(/waiting/, 8000);
			const pid = monitor.process.pid!;
			const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replaceAll('\0', ' ');
			assert.equal(commandLine, ['esp-cam-monitor', ...args].join(' '));
			const found = execFileSync('pgrep', ['-f', '--', `--port ${port}`], {encoding: 'utf8'})
				.trim()
				.split('\n');
			assert.deepEqual(found, [String(pid)]);
			assert.match(execFileSync('ps', ['-o', 'args=', '-p', String(pid)], {encoding: 'utf8'}), new RegExp(`^esp-cam-monitor --port ${port} .*--timeout 30\\n$`));
		} finally {
			monitor.process.kill('SIGKILL');
			await monitor.done();
		}
	});
});
