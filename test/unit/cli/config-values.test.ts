import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import type {FlagSpecs} from '../../../source/cli/arguments.js';
import {UsageError} from '../../../source/runtime/flag-validation.js';
import {configValues} from '../../../source/cli/config/config-file.js';
import {withConfigFile} from '../../../source/cli/config/merge-config.js';
import {tempDir} from '../../helpers/temp-dir.js';

describe('config values: lists and tables, for any flag', () => {
	const specs = {
		port: {type: 'string', multiple: true},
		influx: {type: 'string'},
		'influx-token-file': {type: 'string'},
		'influx-url': {type: 'string'},
		mqtt: {type: 'string'},
		headless: {type: 'boolean'},
	} as const satisfies FlagSpecs;

	it('a flag given more than once takes a list, or one value as a list of one', () => {
		assert.deepEqual(configValues('f.toml', 'port = ["/dev/ttyACM0", "/dev/ttyACM1"]\n', specs).flags, {port: ['/dev/ttyACM0', '/dev/ttyACM1']});
		assert.deepEqual(configValues('f.toml', 'port = "/dev/ttyACM0"\n', specs).flags, {port: ['/dev/ttyACM0']});
		assert.throws(() => configValues('f.toml', 'port = []\n', specs), new UsageError('f.toml: port needs at least one value'));
		assert.throws(() => configValues('f.toml', 'port = ["a", true]\n', specs), new UsageError('f.toml: port[1] must be a string or a number (got true)'));
	});

	it('in a table, url is the flag of the table’s name unless a flag of that name exists', () => {
		const {'influx-url': _, ...withoutUrlFlag} = specs;
		const {flags, keys} = configValues('f.toml', '[influx]\nurl = "http://db:8086?db=cams"\ntoken-file = "/etc/token"\n[mqtt]\nurl = "mqtt://broker"\n', withoutUrlFlag);
		assert.deepEqual(flags, {influx: 'http://db:8086?db=cams', 'influx-token-file': '/etc/token', mqtt: 'mqtt://broker'});
		assert.deepEqual(
			[...keys],
			[
				['influx', 'influx.url'],
				['influx-token-file', 'influx.token-file'],
				['mqtt', 'mqtt.url'],
			],
		);
		assert.deepEqual(configValues('f.toml', '[influx]\nurl = "x"\n', specs).flags, {'influx-url': 'x'});
		assert.throws(
			() => configValues('f.toml', '[headless]\nurl = "x"\n', specs),
			new UsageError('f.toml: unknown key headless.url (the keys are the long flag names, e.g. port = "/dev/ttyACM0")'),
		);
	});

	it('a list on the command line replaces the file’s list', async () => {
		const root = tempDir();
		const file = path.join(root, 'monitor.toml');
		writeFileSync(file, 'port = ["/dev/ttyACM0", "/dev/ttyACM1"]\nheadless = true\n');
		assert.deepEqual(await withConfigFile({config: file, port: ['/dev/ttyUSB0']}, specs), {config: file, port: ['/dev/ttyUSB0'], headless: true});
		assert.deepEqual(await withConfigFile({config: file}, specs), {config: file, port: ['/dev/ttyACM0', '/dev/ttyACM1'], headless: true});
	});
});
