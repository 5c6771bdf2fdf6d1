/**
 * The layers of source/, lowest first. A module may import its own layer and
 * the layers below it, never one above: imports run one way, down.
 *
 *   terminal, runtime   leaves: what a terminal can do; process and thread helpers
 *   graphics            pictures for terminals (cells, kitty, sixel, iTerm2)
 *   core                pure: frames, reassembly, JPEG checks, camera health
 *   io                  serial ports, the output folder's store, record files
 *   simulator           a relay made up in software (the demo and `simulate`)
 *   session             the pipeline, its events and its inputs
 *   outputs             headless lines, InfluxDB, MQTT, metrics, retention
 *   dashboard           the Ink app
 *   cli                 the commands
 */
const layers = ['terminal|runtime', 'graphics', 'core', 'io', 'simulator', 'session', 'outputs', 'dashboard', 'cli'];

const upward = layers.slice(0, -1).map((layer, index) => ({
	name: `no-import-up-from-${layer.replace('|', '-or-')}`,
	comment: `source/${layer} imports only its own layer and the ones below it`,
	severity: 'error',
	from: {path: `^source/(${layer})/`},
	to: {path: `^source/(${layers.slice(index + 1).join('|')})/`},
}));

module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			comment: 'a circle of imports makes two modules one: cut it',
			severity: 'error',
			from: {},
			to: {circular: true},
		},
		{
			name: 'terminal-and-runtime-apart',
			comment: 'the two leaves do not import each other',
			severity: 'error',
			from: {path: '^source/(terminal|runtime)/'},
			to: {path: '^source/(terminal|runtime)/', pathNot: '^source/$1/'},
		},
		{
			name: 'core-is-pure',
			comment: 'the core takes bytes and time in and gives frames and images out: no files, ports, threads or timers',
			severity: 'error',
			from: {path: '^source/core/'},
			to: {dependencyTypes: ['core', 'npm'], pathNot: '^(node:)?crypto$'},
		},
		{
			name: 'source-not-from-tests-or-tools',
			comment: 'the program does not import its tests, benchmarks or tools',
			severity: 'error',
			from: {path: '^source/'},
			to: {path: '^(test|bench|tools)/'},
		},
		...upward,
	],
	options: {
		doNotFollow: {path: 'node_modules'},
		// Type-only imports are imports too: a type lives with the layer that owns it.
		tsPreCompilationDeps: true,
		tsConfig: {fileName: 'tsconfig.test.json'},
		enhancedResolveOptions: {extensions: ['.ts', '.tsx', '.js']},
	},
};
