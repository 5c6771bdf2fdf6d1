import assert from 'node:assert/strict';
import {execFile, spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {describe, it} from 'node:test';
import {promisify} from 'node:util';
import {renderPicture} from '../../source/simulator/jpeg-factory.js';
import {CLI, runCli} from '../helpers/cli.js';
import {wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {tempDir} from '../helpers/temp-dir.js';

const SYSTEMD = new URL('../../systemd/', import.meta.url).pathname;
const EXAMPLE_CONFIG = path.join(SYSTEMD, 'esp-cam-monitor.toml');
const UNITS = [
	{file: 'esp-cam-monitor.service', user: false, config: '/etc/esp-cam-monitor.toml'},
	{file: 'esp-cam-monitor.user.service', user: true, config: '%h/.config/esp-cam-monitor.toml'},
];

const execStart = (unit: string) => /^ExecStart=(\S+) (.*)$/m.exec(unit)!;

describe('systemd/: the service examples', () => {
	for (const {file, user, config} of UNITS) {
		it(`${file}: systemd-analyze verify finds nothing to say`, () => {
			const dir = tempDir();
			const unit = readFileSync(path.join(SYSTEMD, file), 'utf8');
			// The program is not installed here: the built one stands in for it.
			const target = path.join(dir, 'esp-cam-monitor.service');
			writeFileSync(target, unit.replace(execStart(unit)[1]!, `${process.execPath} ${CLI}`));
			const runtime = path.join(dir, 'runtime');
			mkdirSync(runtime, {mode: 0o700});
			const result = spawnSync('systemd-analyze', [...(user ? ['--user'] : []), 'verify', target], {encoding: 'utf8', env: {...process.env, XDG_RUNTIME_DIR: runtime}});
			assert.equal(result.error, undefined, 'systemd-analyze is needed (Debian package systemd)');
			assert.equal(result.status, 0, result.stderr);
			assert.equal(result.stderr, '');
		});

		it(`${file}: its command line, with the example config, is one the program takes`, async () => {
			const unit = readFileSync(path.join(SYSTEMD, file), 'utf8');
			// A monitor whose stdout went away exits 0: on-failure would leave it down.
			assert.match(unit, /^Restart=always$/m);
			assert.match(unit, /^RestartSec=10s$/m);
			assert.match(unit, /^RestartPreventExitStatus=2$/m);
			// A program failing at once is not restarted forever (10 min covers more than 30 RestartSec).
			assert.match(unit, /^\[Unit\][^[]*^StartLimitIntervalSec=10min$[^[]*^StartLimitBurst=30$/m);
			assert.match(unit, /^KillSignal=SIGTERM$/m);
			const args = execStart(unit)[2]!.split(' ');
			assert.deepEqual(args, ['--config', config, '--headless']);
			const root = tempDir();
			const capture = path.join(root, 'capture.bin');
			writeFileSync(capture, encodeFrames(wakeFrames(0x240a1b2c3d4e, renderPicture(0, 2, 6, {width: 64, height: 48}))));
			const out = path.join(root, 'images');
			const result = await runCli([...args.map(arg => (arg === config ? EXAMPLE_CONFIG : arg)), '--replay', capture, '--out', out]);
			assert.equal(result.code, 0, result.stderr);
			assert.equal(readdirSync(out).filter(name => name.endsWith('.jpg')).length, 1);
			assert.match(result.stdout, /info +retention: keeping images for 90 days and up to 20\.00 GiB in /);
		});
	}

	it('are in the npm package, beside the program they start', async () => {
		// --ignore-scripts: no rebuild of dist/ under the feet of the other tests.
		const {stdout} = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: path.join(SYSTEMD, '..')});
		const files = (JSON.parse(stdout) as {files: {path: string}[]}[])[0]!.files.map(entry => entry.path);
		assert.deepEqual(files.filter(file => file.startsWith('systemd/')).sort(), [
			'systemd/esp-cam-monitor.service',
			'systemd/esp-cam-monitor.toml',
			'systemd/esp-cam-monitor.user.service',
		]);
	});

	it('headless into the journal (a socket, not a terminal): no colour, one line per event, exit 0 on SIGTERM', async () => {
		// journald takes a service's stdout on a Unix stream socket.
		const journal = net.createServer();
		const socketPath = path.join(tempDir(), 'journal.socket');
		journal.listen(socketPath);
		await once(journal, 'listening');
		const accepted = once(journal, 'connection') as Promise<[net.Socket]>;
		const stdout = net.connect(socketPath);
		await once(stdout, 'connect');
		const [received] = await accepted;
		let text = '';
		const ended = once(received, 'end');
		received.setEncoding('utf8');
		received.on('data', (chunk: string) => {
			text += chunk;
		});
		const {NO_COLOR: _, FORCE_COLOR: __, ...env} = process.env;
		const child = spawn(process.execPath, [CLI, '--demo', '--demo-cameras', '2', '--headless', '--out', tempDir()], {
			stdio: ['ignore', stdout, 'pipe'],
			env: {...env, TERM: 'xterm-256color', JOURNAL_STREAM: '8:12345'},
		});
		stdout.destroy();
		const deadline = Date.now() + 20_000;
		while (!text.includes(' saved ') && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
		const exited = once(child, 'exit') as Promise<[number | null]>;
		child.kill('SIGTERM');
		const [code] = await exited;
		await ended;
		journal.close();
		assert.equal(code, 0);
		assert.doesNotMatch(text, /\x1b/, 'no escape sequences');
		const lines = text.split('\n');
		assert.equal(lines.pop(), '', 'ends with a newline');
		assert.ok(lines.length >= 3, text);
		for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [a-z]+ +\S/, `one event per line: ${JSON.stringify(line)}`);
		assert.match(lines.at(-1)!, / summary /);
	});
});
