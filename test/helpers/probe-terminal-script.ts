/**
 * Runs the terminal probe on the terminal it is started on (a real pty in
 * the tests): raw mode on, the probe, then one line `RESULT <json>` with the
 * decision and the keys handed on (hex); it ends at the next key (so the
 * test has read the line before the terminal goes). Usage: probe-terminal-script.ts [timeoutMs]
 */
import {probeTerminal} from '../../source/terminal/terminal-probe.js';

process.stdin.setRawMode(true);
const result = await probeTerminal(process.stdin, text => process.stdout.write(text), {env: process.env, timeoutMs: Number(process.argv[2] ?? 1000)});
process.stdout.write(`\r\nRESULT ${JSON.stringify({decision: result.decision, replies: result.replies, keys: result.keys.toString('hex')})}\r\n`);
process.stdin.once('data', () => {
	process.stdin.setRawMode(false);
	process.exit(0);
});
