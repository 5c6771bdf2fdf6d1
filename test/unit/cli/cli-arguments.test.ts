import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseArguments} from '../../../source/cli/arguments.js';
import {UsageError} from '../../../source/runtime/flag-validation.js';

const specs = {
	port: {type: 'string', short: 'p', multiple: true},
	out: {type: 'string'},
	json: {type: 'boolean'},
} as const;

test('a flag that may repeat gives every value, in order, also with its short form and =', () => {
	const {flags} = parseArguments(['--port', '/dev/a', '-p', '/dev/b', '--port=/dev/c', '--out', 'x'], specs);
	assert.deepEqual(flags.port, ['/dev/a', '/dev/b', '/dev/c']);
	assert.equal(flags.out, 'x');
});

test('a flag that may repeat and is given once is a list of one; never given, undefined', () => {
	assert.deepEqual(parseArguments(['--port', '/dev/a'], specs).flags.port, ['/dev/a']);
	assert.equal(parseArguments(['--json'], specs).flags.port, undefined);
});

test('each repeated value is checked: a missing one is a usage error', () => {
	assert.throws(() => parseArguments(['--port', '/dev/a', '--port', '--json'], specs), UsageError);
	assert.throws(() => parseArguments(['--port', '/dev/a', '--port'], specs), UsageError);
});
