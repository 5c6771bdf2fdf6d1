import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {TmuxTerminal} from '../helpers/tmux.js';

const HELPER = fileURLToPath(new URL('../helpers/tmux.ts', import.meta.url));

/** The server's socket as tmux itself tells the program inside it ($TMUX is "socket,pid,session"). */
async function serverSocket(terminal: TmuxTerminal): Promise<string> {
	const screen = await terminal.waitFor(text => /^TMUX=\S+,\d+,\d+$/m.test(text), '$TMUX on the screen');
	return /^TMUX=(\S+),\d+,\d+$/m.exec(screen)![1]!;
}

describe("the tests' tmux terminals", () => {
	it('close() kills the server and leaves no socket behind', async () => {
		const terminal = new TmuxTerminal('echo "TMUX=$TMUX"; sleep 60', {columns: 200, rows: 5});
		const socket = await serverSocket(terminal);
		assert.ok(existsSync(socket), `${socket} exists while the terminal is open`);
		terminal.close();
		assert.equal(existsSync(socket), false, `${socket} is left behind`);
	});

	it('a test process that ends without close() leaves no server or socket behind', async () => {
		// As a test that timed out or threw before its finally: the process exits with the terminal open.
		const script = `
			import {TmuxTerminal} from ${JSON.stringify(HELPER)};
			const terminal = new TmuxTerminal('echo "TMUX=$TMUX"; sleep 60', {columns: 200, rows: 5});
			const screen = await terminal.waitFor(text => /^TMUX=\\S+,\\d+,\\d+$/m.test(text), 'TMUX');
			console.log(/^TMUX=(\\S+),(\\d+),\\d+$/m.exec(screen).slice(1).join(' '));
			process.exit(0);
		`;
		const [socket, serverPid] = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8'}).trim().split(' ');
		assert.equal(existsSync(socket!), false, `${socket} is left behind`);
		// kill-server is answered before the server has gone.
		for (let tries = 0; existsSync(`/proc/${serverPid}`) && tries < 50; tries++) await delay(100);
		assert.equal(existsSync(`/proc/${serverPid}`), false, `tmux server ${serverPid} still runs`);
	});
});
