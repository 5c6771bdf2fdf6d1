import assert from 'node:assert/strict';
import {mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {renderPicture} from '../../source/simulator/jpeg-factory.js';
import {jsonEvents, runCli} from '../helpers/cli.js';
import {wakeFrames} from '../helpers/camera-frames.js';
import {encodeFrames} from '../helpers/encode-frames.js';
import {tempDir} from '../helpers/temp-dir.js';

const MAC = 0x240a1b2c3d4e;

/** A recorded stream with one verified image. */
function capture(folder: string): string {
	const file = path.join(folder, 'capture.bin');
	writeFileSync(file, encodeFrames(wakeFrames(MAC, renderPicture(0, 2, 6, {width: 64, height: 48}))));
	return file;
}

function configFile(folder: string, text: string): string {
	const file = path.join(folder, 'monitor.toml');
	writeFileSync(file, text);
	return file;
}

const jpgs = (folder: string) => readdirSync(folder).filter(name => name.endsWith('.jpg'));

describe('--config: the built CLI', () => {
	it('takes flags from the file: strings, numbers without quotes, switches', async () => {
		const root = tempDir();
		const out = path.join(root, 'from-file');
		const config = configFile(root, `replay = ${JSON.stringify(capture(root))}\nout = ${JSON.stringify(out)}\ntimeout = 5\njson = true\nheadless = true\n`);
		const result = await runCli(['--config', config]);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(jpgs(out).length, 1);
		assert.ok(
			jsonEvents(result.stdout).some(event => event.event === 'image'),
			result.stdout,
		);
	});

	it('a flag on the command line wins over the file', async () => {
		const root = tempDir();
		const fromFile = path.join(root, 'from-file');
		const fromFlag = path.join(root, 'from-flag');
		const config = configFile(root, `replay = ${JSON.stringify(capture(root))}\nout = ${JSON.stringify(fromFile)}\nbaud = "not a number"\n`);
		const result = await runCli(['--config', config, '--out', fromFlag, '--baud', '9600']);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(jpgs(fromFlag).length, 1);
		assert.deepEqual(readdirSync(root).sort(), ['capture.bin', 'from-flag', 'monitor.toml']);
	});

	it('a switch set to false in the file is a switch not given', async () => {
		const root = tempDir();
		const config = configFile(root, `replay = ${JSON.stringify(capture(root))}\nout = ${JSON.stringify(path.join(root, 'out'))}\njson = false\n`);
		const result = await runCli(['--config', config]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^\d{4}-\d\d-\d\d .* saved /m);
		assert.doesNotMatch(result.stdout, /^\{/m);
	});

	it('a table groups flags by their first word: [demo] cameras is --demo-cameras', async () => {
		const root = tempDir();
		const config = configFile(root, '[demo]\ncameras = 99\n');
		const result = await runCli(['--config', config, '--demo']);
		assert.equal(result.code, 2);
		assert.equal(result.stderr, `esp-cam-monitor: ${config}: demo.cameras: --demo-cameras must be a whole number from 1 to 32 (got "99") (see --help)\n`);
	});

	const usageErrors: [string, string, RegExp][] = [
		['an unknown key', 'prot = "/dev/ttyACM0"\n', /: unknown key prot \(the keys are the long flag names/],
		['an unknown key in a table', '[grafana]\nurl = "http://localhost:3000"\n', /: unknown key grafana\.url /],
		['a bad value in a table', '[influx]\nurl = "http://localhost:8086"\n', /: influx\.url: --influx needs \?db=name/],
		['a key that cannot be in the file', 'config = "other.toml"\n', /: unknown key config /],
		['a string for a switch', 'headless = "yes"\n', /: headless must be true or false \(got "yes"\)/],
		['a switch for a string', 'out = true\n', /: out must be a string or a number \(got true\)/],
		['a list for a flag given once', 'out = ["a", "b"]\n', /: out takes one value, not a list/],
		['a date', 'out = 2026-11-25\n', /: out must be a string or a number \(got the date 2026-11-25/],
		['an empty string', 'out = ""\n', /: out needs a value \(got an empty string\)/],
		['a table in a table', '[demo]\n[demo.x]\ny = 1\n', /: \[demo\] x: a table inside a table is not an option/],
		['one flag twice', 'demo-cameras = 2\n[demo]\ncameras = 3\n', /: demo\.cameras gives --demo-cameras again \(also as demo-cameras\)/],
		['a bad value', 'baud = "fast"\n', /: baud: --baud must be a whole number from 1 to 10000000 \(got "fast"\)/],
		['a bad value, numbers too', 'keep-days = -3\n', /: keep-days: --keep-days must be a number above 0 .*\(got "-3"\)/],
		['a conflict the file is part of', 'demo = true\n', /: demo: --replay and --demo cannot be used together/],
	];
	for (const [what, text, message] of usageErrors) {
		it(`${what}: a usage error naming the file and key (exit 2)`, async () => {
			const root = tempDir();
			const config = configFile(root, text);
			const result = await runCli(['--config', config, '--replay', path.join(root, 'none.bin')]);
			assert.equal(result.code, 2, result.stderr);
			assert.ok(result.stderr.startsWith(`esp-cam-monitor: ${config}: `), result.stderr);
			assert.match(result.stderr, message);
			assert.equal(result.stderr.split('\n').length, 2, 'one line');
		});
	}

	it('TOML that does not parse: a usage error with the line', async () => {
		const root = tempDir();
		const config = configFile(root, 'headless = true\nport = \n');
		const result = await runCli(['--config', config]);
		assert.equal(result.code, 2);
		assert.match(result.stderr, new RegExp(`^esp-cam-monitor: ${config} is not valid TOML: line 2, column \\d+: invalid value \\(see --help\\)\\n$`));
	});

	it('a missing file, or a folder: exit 1 naming the path', async () => {
		const root = tempDir();
		const missing = path.join(root, 'nowhere.toml');
		let result = await runCli(['--config', missing]);
		assert.equal(result.code, 1);
		assert.equal(result.stderr, `esp-cam-monitor: cannot read the config file ${missing}: no such file\n`);
		mkdirSync(path.join(root, 'folder.toml'));
		result = await runCli(['--config', path.join(root, 'folder.toml')]);
		assert.equal(result.code, 1);
		assert.equal(result.stderr, `esp-cam-monitor: cannot read the config file ${path.join(root, 'folder.toml')}: it is a folder\n`);
	});

	it('--config needs a value, like any flag', async () => {
		const result = await runCli(['--config']);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /--config needs a value/);
	});
});
