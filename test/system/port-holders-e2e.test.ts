import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {chmodSync, realpathSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {jsonEvents, startCli, type RunningCli} from '../helpers/cli.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {requireTool} from '../helpers/require-tool.js';
import {tempDir} from '../helpers/temp-dir.js';

/** Opens `device` for reading as another, non-root user (root passes TIOCEXCL), and closes it: the shell's error when it cannot. */
function openAsSomeoneElse(device: string): {opened: boolean; error: string} {
	const open = ['sh', '-c', ': < "$0"', device];
	const root = process.getuid?.() === 0;
	if (root) requireTool('setpriv', 'util-linux');
	const [command, ...args] = root ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...open] : open;
	const result = spawnSync(command!, args, {encoding: 'utf8', timeout: 10_000});
	return {opened: result.status === 0, error: result.stderr};
}

describe('another program holding the relay port', {timeout: 60_000}, () => {
	it('names it (program and pid) while it has the port open, and says when it let go', async () => {
		requireTool('cat', 'coreutils');
		const root = tempDir();
		const pair = await openPtyPair(root);
		const stray = spawn('cat', [pair.host], {stdio: ['ignore', 'ignore', 'inherit']});
		const monitor = startCli(['--headless', '--json', '--port', pair.host, '--out', path.join(root, 'out')]);
		try {
			const connected = JSON.parse(await monitor.waitFor(/"state":"connected"/)) as Record<string, unknown>;
			assert.deepEqual(connected.holders, [{pid: stray.pid, program: 'cat'}]);
			assert.match(String(connected.detail), new RegExp(`also open in cat \\(pid ${stray.pid}\\)`));

			stray.kill('SIGTERM');
			await once(stray, 'exit');
			const released = JSON.parse(await monitor.waitFor(/no longer has it open/, 15_000)) as Record<string, unknown>;
			assert.equal(released.state, 'connected');
			assert.equal(released.holders, undefined);
			assert.match(String(released.detail), new RegExp(`cat \\(pid ${stray.pid}\\) no longer has it open`));

			monitor.process.kill('SIGINT');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
			const ports = jsonEvents(result.stdout).filter(event => event.event === 'port' && event.state === 'connected');
			assert.equal(ports.length, 2, 'one line when it is seen, one when it goes');
		} finally {
			stray.kill('SIGKILL');
			monitor.process.kill('SIGKILL');
			await pair.close();
		}
	});

	it('does not take the pty maker (socat, the relay side of `simulate`) for a rival', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const monitor = startCli(['--headless', '--json', '--port', pair.host, '--out', path.join(root, 'out')]);
		try {
			const connected = JSON.parse(await monitor.waitFor(/"state":"connected"/)) as Record<string, unknown>;
			assert.equal(connected.holders, undefined);
			assert.equal(connected.detail, '115200 baud');
		} finally {
			monitor.process.kill('SIGKILL');
			await pair.close();
		}
	});

	it('opens the port exclusively: a later open by another user is refused (EBUSY), and allowed again once the monitor closed it', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		let monitor: RunningCli | undefined;
		try {
			// The pty itself (the link is in a folder only we may enter), open to anyone.
			const device = realpathSync(pair.host);
			chmodSync(device, 0o666);
			assert.deepEqual(openAsSomeoneElse(device), {opened: true, error: ''}, 'anyone may open it before');
			monitor = startCli(['--headless', '--port', pair.host, '--out', path.join(root, 'out')]);
			await monitor.waitFor(/port +connected/);
			const refused = openAsSomeoneElse(device);
			assert.equal(refused.opened, false);
			assert.match(refused.error, /busy/i);

			monitor.process.kill('SIGINT');
			const result = await monitor.done(5000);
			assert.equal(result.code, 0, result.stderr);
			// socat still has the pty open: the flag would outlive the monitor had it not taken it off.
			assert.deepEqual(openAsSomeoneElse(device), {opened: true, error: ''});
		} finally {
			monitor?.process.kill('SIGKILL');
			await pair.close();
		}
	});

	it('a second monitor on the same port waits, naming the one that has it', async () => {
		const root = tempDir();
		const pair = await openPtyPair(root);
		const first = startCli(['--headless', '--port', pair.host, '--out', path.join(root, 'first')]);
		let second: RunningCli | undefined;
		try {
			await first.waitFor(/port +connected/);
			second = startCli(['--headless', '--port', pair.host, '--out', path.join(root, 'second')]);
			await second.waitFor(new RegExp(`waiting .*: busy: esp-cam-monitor \\(pid ${first.process.pid}\\) has it open`));
			first.process.kill('SIGINT');
			await second.waitFor(/port +connected/, 15_000);
		} finally {
			first.process.kill('SIGKILL');
			second?.process.kill('SIGKILL');
			await pair.close();
		}
	});
});
