#!/usr/bin/env node
import {readFileSync} from 'node:fs';
import {redactArguments} from '../outputs/mqtt/mqtt-options.js';
import {FatalError} from '../runtime/fatal-error.js';
import {UsageError} from '../runtime/flag-validation.js';
import {blameConfigFile, monitorCommand} from './monitor-command.js';
import {simulateCommand} from './simulate-command.js';

/** The program: `esp-cam-monitor [options]` or `esp-cam-monitor simulate …`. Usage errors exit with 2, what cannot be done with 1. */
async function main(argv: string[]): Promise<number> {
	return argv[0] === 'simulate' ? simulateCommand(argv.slice(1)) : monitorCommand(argv);
}

/**
 * `ps` and `pgrep -f` show `esp-cam-monitor <arguments>`, also when started as
 * `node dist/cli/main.js`. Linux keeps the title in the memory of the original
 * command line, so a longer title would be cut: then the original stays.
 */
function nameProcess(args: string[]): void {
	const title = ['esp-cam-monitor', ...redactArguments(args)].join(' ');
	let room = Number.POSITIVE_INFINITY;
	try {
		room = readFileSync('/proc/self/cmdline').length;
	} catch {
		// Not Linux: no such limit.
	}

	if (Buffer.byteLength(title) < room) process.title = title;
}

nameProcess(process.argv.slice(2));
try {
	process.exitCode = await main(process.argv.slice(2));
} catch (error) {
	if (error instanceof UsageError) {
		process.stderr.write(`esp-cam-monitor: ${blameConfigFile(error.message)} (see --help)\n`);
		process.exitCode = 2;
	} else if (error instanceof FatalError) {
		process.stderr.write(`esp-cam-monitor: ${error.message}\n`);
		process.exitCode = 1;
	} else {
		throw error;
	}
}
