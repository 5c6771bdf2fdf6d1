#!/usr/bin/env node
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseArguments, type FlagSpecs, type FlagValues} from './arguments.js';
import type {MetricsAddress} from '../outputs/metrics/metrics-server.js';
import {influxFlagSpecs, influxOptions} from '../outputs/influx/influx-flags.js';
import {mqttSettings, redactArguments} from '../outputs/mqtt/mqtt-options.js';
import {nonEmpty, oneOf, pictureSize, positiveInteger, positiveNumber, probability, UsageError} from '../runtime/flag-validation.js';
import {shouldColour} from '../outputs/headless/style.js';
import {FatalError} from '../runtime/fatal-error.js';
import {refuseNonSerialPort} from '../io/serial/open-error.js';
import type {RunSettings} from '../outputs/run-settings.js';
import {runHeadless} from '../outputs/headless/run-headless.js';
import {relayPorts} from './relay-ports.js';
import type {RecordLimit} from '../io/recording/recorder.js';
import {diskSize, retentionSettings} from '../outputs/retention/retention-settings.js';
import {PREVIEW_CHOICES} from '../dashboard/preview/preview-choice.js';
import type {SimulateSettings} from './simulate-command.js';

const monitorHelp = `
	Usage
	  $ esp-cam-monitor [options]
	  $ esp-cam-monitor simulate <device|file|-> [options]   (see: simulate --help)

	Receives images from an ESP-NOW camera relay (ESP32-C3, USB CDC), checks
	every frame, and saves each image to the output folder.

	Options
	  -p, --port <path>        Serial port of a relay, or "auto" (again for more)  [default: auto]
	                           auto = every Espressif relay (USB 303a) plugged in now or later, each
	                           found again by its USB serial number after an unplug; with none, it
	                           waits (and takes /dev/ttyACM0 if that appears and its maker is unknown)
	                           (a missing port is waited for; a file, folder or /dev/null is refused)
	  -b, --baud <rate>        Baud rate (USB CDC ignores it)                  [default: 115200]
	  -o, --out <folder>       Where images go                                 [default: images_usb_async]
	      --timeout <seconds>  Give up an image with no data for this long     [default: 20]
	      --record <file>      Also append every byte received to this file; with several relays each
	                           has its own: capture.bin → capture.ttyACM0.bin, capture.pts-3.bin
	                           (auto: the first relay found uses the name given, later ones
	                           capture.<USB serial number>.bin)
	      --record-max-size <size>  A record file about to pass this size is renamed <file>.1 (an
	                           earlier .1 becoming .2, …) and a new one begins; 0: no limit  [default: 256M]
	      --record-files <n>   Earlier record files kept (<file>.1 … <file>.n), older removed  [default: 4]
	      --replay <file|->    Read a recorded stream (- for stdin) instead of a port, then exit
	      --headless           Plain event lines instead of the dashboard (automatic when not a TTY)
	      --json               Headless events as JSON lines
	      --unverified <where> Images that came without a HASH (so not proven), whole JPEGs that decode:
	                           "together" with the verified ones, or "apart" in <out>/unverified/  [default: together]
	      --debug              Also log every frame
	      --cameras <file>     Names for cameras: the relay's cfg.toml ([usb_cdc_receiver]
	                           name = "AA:BB:CC:DD:EE:FF") or JSON {"aa:bb:cc:dd:ee:ff": "name"};
	                           with intervals: [cameras.name] mac = "…" interval = "5m", or
	                           JSON {"aa:bb:cc:dd:ee:ff": {"name": "gate", "interval": "5m"}}
	      --battery-low <%>    Flag a battery at or below this percent         [default: 20]
	      --metrics <[host:]port>  Serve Prometheus metrics at http://host:port/metrics
	                           (a port alone: every interface)
	      --influx <url>       Write battery readings (as the Python receiver), images and camera
	                           counters to InfluxDB: 1.x http://[user:pass@]host:8086?db=name,
	                           2.x http://host:8086?org=o&bucket=b with a token from INFLUXDB_TOKEN
	      --influx-token-file <file>  The token, from a file instead of INFLUXDB_TOKEN (1.x: user:password)
	      --influx-keep-100    Also write the reading 100 (sent at first boot; skipped by default)
	      --influx-buffer <n>  Points held while InfluxDB is away              [default: 10000]
	      --mqtt <url>         Publish to an MQTT broker: mqtt://[user[:pass]@]host[:1883] or mqtts://…
	                           (password better from --mqtt-password-file or $MQTT_PASSWORD)
	      --mqtt-prefix <p>    Topic prefix                                    [default: esp-cam]
	      --mqtt-discovery-prefix <p|off>  Home Assistant discovery prefix, or off  [default: homeassistant]
	      --mqtt-ca <file>     CA certificate (PEM) of an mqtts:// broker with a private CA
	      --mqtt-password-file <file>  The broker password, first line of this file
	      --keep-days <n>      Remove images older than n days                 [default: keep all]
	      --max-disk <size>    Remove the oldest images while all the images   [default: no limit]
	                           in <out> take more than size (500M, 2G): incomplete first, then
	                           unverified (apart), then good
	                           (both checked at start, every 10 minutes, and after a tenth of size written;
	                           only image files: volt.log, record files and other files are never touched)
	      --config <file>      Take options from a TOML file; flags given here win. Keys are the long flag
	                           names: port = "/dev/ttyACM0", headless = true, keep-days = 30, a list for a
	                           flag given more than once; a table groups: [influx] url = "…" is --influx,
	                           token-file = "…" in it --influx-token-file (see systemd/esp-cam-monitor.toml)
	      --demo               Use a built-in simulated relay (no hardware needed)
	      --demo-cameras <n>   Cameras of the demo relay                       [default: 4]
	      --previews <how>     Pictures in the dashboard: auto, kitty, iterm, sixel (pixels), octant,
	                           sextant, quadrant, half, spaces (text cells, finer first), off; auto = the
	                           terminal's pixel graphics if it says so, else the finest cells it draws [default: auto]
	      --utf8               Draw Unicode even when the locale is not UTF-8 (LANG=C); without it
	                           such a locale gets ASCII only, the Linux console (TERM=linux) its fonts' characters
	  -h, --help               Show this help
	  -v, --version            Show the version

	Files written
	  <out>/<mac>_<YYYYmmdd_HHMMSS_ffffff>.jpg                 verified or unverified images
	  <out>/unverified/<mac>_<timestamp>.jpg                   unverified images, with --unverified apart
	  <out>/incomplete/<mac>_<timestamp>_<reason>.jpg          everything else that arrived
	  <out>/volt.log                                           battery level from each HASH
	  <record> (one port) or <stem>.<port>.<ext> (several)     with --record, e.g. capture.ttyACM1.bin

	Exit status
	  0  done (also after Ctrl-C, SIGTERM, or SIGHUP from a closed SSH session)
	  1  something could not be done: the message says what, and names the path
	  2  usage error: an unknown flag, a flag without its value, a bad value

	Examples
	  $ esp-cam-monitor
	  $ esp-cam-monitor --port /dev/ttyACM1 --out ~/camera-images
	  $ esp-cam-monitor --port /dev/ttyACM0 --port /dev/ttyACM1   (two relays, one list of cameras)
	  $ esp-cam-monitor --headless --json > events.jsonl
	  $ esp-cam-monitor --record capture.bin
	  $ esp-cam-monitor --replay capture.bin --out /tmp/replayed
	  $ esp-cam-monitor --demo --headless
	  $ esp-cam-monitor --cameras cfg.toml
	  $ esp-cam-monitor --headless --influx 'http://localhost:8086?db=cams'
	  $ esp-cam-monitor --config /etc/esp-cam-monitor.toml
	  $ esp-cam-monitor --out /var/lib/esp-cam --keep-days 30 --max-disk 20G

	Keys (dashboard)
	  d debug frame log · p previews on/off · P preview cells · ←→ ↑↓ Tab select · Enter zoom · Esc back
	  in zoom: ←→ older/newer image, Home/End oldest/newest (also earlier runs' images)
	  l log: pane → full screen → hidden · r reset counters · s troubled cameras first · ? help · q / Ctrl-C quit
	  full-screen log: ↑↓ PgUp/PgDn Home/End scroll · f this camera · / search · n/N next/previous match
`;

const simulateHelp = `
	Usage
	  $ esp-cam-monitor simulate <device|file|-> [options]

	Writes the byte stream of a simulated relay with several cameras: HASH with
	the real SHA-256, DATA in 250-byte chunks, EOF, relay log lines, optional
	loss and damage. To a serial device (one end of a pseudo-terminal pair) it is
	paced like the real link and runs until stopped; to a file or stdout it is
	written at once.

	Options
	  --cameras <n>        Number of cameras                                  [default: 3]
	  --images <n>         Stop after this many camera wakes                  [default: 100 for files, endless for devices]
	  --duration <s>       Stop after this many (simulated) seconds
	  --interval <s>       Mean seconds between two wakes of one camera       [default: 8]
	  --loss <p>           Probability that a frame is lost                   [default: 0]
	  --corrupt <p>        Probability that a frame is damaged                [default: 0]
	  --air-loss <p>       Probability that a camera's packet is lost before the relay
	                       (the relay numbers what it gets: no hole)        [default: 0]
	  --reboots <p>        Probability per image that the relay reboots in the middle
	                       (cut frame, ROM banner, the rest numbered from 1) [default: 0]
	  --batch              Cameras from one batch: consecutive MACs from 24:0a:77:00:09:00
	                       (several one bit apart)
	  --phantoms <n>       Frames from made-up MACs (one frame each) after each real one
	                       (a flood)                                          [default: 0]
	  --seed <n>           Seed, for a stream that can be made again          [default: random]
	  --size <WxH>         Picture size                                       [default: 320x240]
	  --realtime           Pace a file or stdout like the real link too
	  --manifest <file>    Write a JSON list of the images sent (SHA-256, intact or not)
	  -h, --help           Show this help

	Exit status
	  0  everything asked for was written, or stopped by Ctrl-C / SIGTERM
	  1  the target failed: the other end of the device went away (EIO), stdout
	     was closed (EPIPE), the disk is full, or it cannot be opened
	  2  usage error

	Examples
	  $ socat -d -d pty,raw,echo=0,link=/tmp/relay pty,raw,echo=0,link=/tmp/host &
	  $ esp-cam-monitor simulate /tmp/relay --cameras 4 --loss 0.01
	  $ esp-cam-monitor --port /tmp/host

	  $ esp-cam-monitor simulate capture.bin --images 500 --seed 7 --corrupt 0.01
	  $ esp-cam-monitor --replay capture.bin
`;

const monitorFlags = {
	port: {type: 'string', short: 'p', multiple: true},
	baud: {type: 'string', short: 'b'},
	out: {type: 'string', short: 'o'},
	timeout: {type: 'string'},
	record: {type: 'string'},
	'record-max-size': {type: 'string'},
	'record-files': {type: 'string'},
	replay: {type: 'string'},
	headless: {type: 'boolean'},
	json: {type: 'boolean'},
	debug: {type: 'boolean'},
	unverified: {type: 'string'},
	demo: {type: 'boolean'},
	'demo-cameras': {type: 'string'},
	cameras: {type: 'string'},
	'battery-low': {type: 'string'},
	metrics: {type: 'string'},
	...influxFlagSpecs,
	mqtt: {type: 'string'},
	'mqtt-prefix': {type: 'string'},
	'mqtt-discovery-prefix': {type: 'string'},
	'mqtt-ca': {type: 'string'},
	'mqtt-password-file': {type: 'string'},
	previews: {type: 'string'},
	utf8: {type: 'boolean'},
	config: {type: 'string'},
	'keep-days': {type: 'string'},
	'max-disk': {type: 'string'},
} as const satisfies FlagSpecs;

const simulateFlags = {
	cameras: {type: 'string'},
	images: {type: 'string'},
	duration: {type: 'string'},
	interval: {type: 'string'},
	loss: {type: 'string'},
	corrupt: {type: 'string'},
	'air-loss': {type: 'string'},
	reboots: {type: 'string'},
	batch: {type: 'boolean'},
	phantoms: {type: 'string'},
	seed: {type: 'string'},
	size: {type: 'string'},
	realtime: {type: 'boolean'},
	manifest: {type: 'string'},
} as const satisfies FlagSpecs;

/** A service records for months: by default a record file is started anew at 256 MiB, with 4 earlier ones kept (1.25 GiB in all). */
function recordLimit(maxSize: string, files: string): RecordLimit | undefined {
	const keep = positiveInteger('record-files', files, {min: 1, max: 1000});
	return maxSize.trim() === '0' ? undefined : {maxBytes: diskSize('record-max-size', maxSize), keep};
}

/** The metrics server brings Node's HTTP server: loaded only with --metrics. */
async function metricsAddress(value: string): Promise<MetricsAddress> {
	const {parseMetricsAddress} = await import('../outputs/metrics/metrics-server.js');
	const address = parseMetricsAddress(value);
	if (!address) throw new UsageError(`--metrics must be a port or host:port, e.g. 9464 or 127.0.0.1:9464 (got ${JSON.stringify(value)})`);
	return address;
}

async function main(argv: string[]): Promise<number> {
	if (argv[0] === 'simulate') return simulate(argv.slice(1));
	const {flags: commandLine, positionals, help, version} = parseArguments(argv, monitorFlags);
	if (help) return showHelp(monitorHelp);
	if (version) return show(packageManifest().version);
	const flags = await withConfigFile(commandLine);
	if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (did you mean --port ${positionals[0]}?)`);
	if (flags.replay !== undefined && flags.demo) throw new UsageError('--replay and --demo cannot be used together');
	if (flags.record !== undefined && flags.replay !== undefined) throw new UsageError('--record and --replay cannot be used together');
	const demo = flags.demo ?? false;
	const previews = oneOf('previews', flags.previews ?? 'auto', PREVIEW_CHOICES);

	const ports = relayPorts(flags.port);
	const settings: RunSettings = {
		port: ports[0]!,
		ports,
		baud: positiveInteger('baud', flags.baud ?? '115200', {max: 10_000_000}),
		// The demo's temporary folder is made below, once every flag is known good.
		out: flags.out === undefined ? 'images_usb_async' : nonEmpty('out', flags.out),
		temporaryOut: demo && flags.out === undefined,
		imageTimeoutMs: positiveNumber('timeout', flags.timeout ?? '20', {max: 86_400}) * 1000,
		record: flags.record === undefined ? undefined : nonEmpty('record', flags.record),
		recordLimit: recordLimit(flags['record-max-size'] ?? '256M', flags['record-files'] ?? '4'),
		replay: flags.replay === undefined ? undefined : nonEmpty('replay', flags.replay),
		json: flags.json ?? false,
		debug: flags.debug ?? false,
		unverifiedApart: oneOf('unverified', flags.unverified ?? 'together', ['together', 'apart']) === 'apart',
		demo,
		demoCameras: positiveInteger('demo-cameras', flags['demo-cameras'] ?? '4', {max: 32}),
		colour: shouldColour(process.stdout),
		batteryLowPercent: positiveInteger('battery-low', flags['battery-low'] ?? '20', {min: 0, max: 100}),
		...(flags.metrics === undefined ? {} : {metrics: await metricsAddress(flags.metrics)}),
		influx: influxOptions(flags),
		...(await mqttSettings(flags)),
		retention: retentionSettings(flags['keep-days'], flags['max-disk']),
		...(flags.cameras === undefined ? {} : await cameraSettings(nonEmpty('cameras', flags.cameras))),
	};
	// A folder or /dev/null will never become a relay; a missing /dev/ttyACM0 is only not plugged in yet.
	if (!settings.demo && settings.replay === undefined && settings.port !== 'auto') for (const port of ports) await refuseNonSerialPort(port);
	if (settings.temporaryOut) settings.out = mkdtempSync(path.join(tmpdir(), 'esp-cam-demo-'));

	if (process.stdout.isTTY && !flags.headless && !flags.json) {
		// Before Ink and chalk load. chalk does not look at NO_COLOR, only at
		// FORCE_COLOR. Ink draws nothing until exit, and chalk no colour, when CI is
		// set; but the dashboard runs only on a terminal, which is interactive.
		if (!settings.colour) process.env['FORCE_COLOR'] = '0';
		delete process.env['CI'];
		delete process.env['CONTINUOUS_INTEGRATION'];
		// Before the dashboard's modules load: they are loaded whole before any of them runs.
		await import('../runtime/dashboard-heap.js');
		const {runDashboard} = await withoutFetch(() => import('../dashboard/run-dashboard.js'));
		return runDashboard(settings, previews, flags.utf8 ?? false);
	}

	await import('../runtime/young-generation.js');
	return runHeadless(settings, flags.utf8 ?? false);
}

/** Says which key of the config file gave a flag a usage message names; without a config file, the message as it is. */
let blameConfigFile = (message: string) => message;

/** Config files and camera files are TOML: its parser loads only when one is given. */
async function withConfigFile(commandLine: FlagValues<typeof monitorFlags>): Promise<FlagValues<typeof monitorFlags>> {
	if (commandLine.config === undefined) return commandLine;
	const config = await import('./config/merge-config.js');
	blameConfigFile = config.blameConfigFile;
	return config.withConfigFile(commandLine, monitorFlags);
}

/**
 * Ink's layout engine (yoga-layout) loads its WebAssembly through fetch when
 * there is one: Node then loads its whole HTTP client first (~15 ms here, a
 * Pi 8-10 times that) to read bytes that are inline. Without fetch it decodes
 * them itself. Node's own fetch is put back once Ink is loaded.
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!fetch?.configurable) return load();
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', fetch);
	}
}

async function cameraSettings(file: string): Promise<Pick<RunSettings, 'names' | 'cameraIntervals'>> {
	const {loadCameraFile} = await import('./camera-names.js');
	const {names, intervals} = await loadCameraFile(file);
	return {names, cameraIntervals: intervals};
}

async function simulate(argv: string[]): Promise<number> {
	const {flags, positionals, help, version} = parseArguments(argv, simulateFlags);
	if (help) return showHelp(simulateHelp);
	if (version) return show(packageManifest().version);
	const [target, extra] = positionals;
	if (!target) throw new UsageError('simulate needs a target: a serial device, a file, or - for stdout');
	if (extra) throw new UsageError(`unexpected argument "${extra}"`);
	const settings: SimulateSettings = {
		target,
		cameras: positiveInteger('cameras', flags.cameras ?? '3', {max: 64}),
		wakes: flags.images === undefined ? undefined : positiveInteger('images', flags.images),
		durationMs: flags.duration === undefined ? undefined : positiveNumber('duration', flags.duration) * 1000,
		meanWakeIntervalMs: positiveNumber('interval', flags.interval ?? '8') * 1000,
		loss: probability('loss', flags.loss ?? '0'),
		corrupt: probability('corrupt', flags.corrupt ?? '0'),
		airLoss: probability('air-loss', flags['air-loss'] ?? '0'),
		reboots: probability('reboots', flags.reboots ?? '0'),
		seed: flags.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : positiveInteger('seed', flags.seed, {min: 0, max: 2 ** 32 - 1}),
		// Unset means "the target decides": paced to a device, at once to a file or stdout.
		realtime: flags.realtime,
		...pictureSize('size', flags.size ?? '320x240'),
		manifest: flags.manifest,
		batch: flags.batch,
		phantoms: flags.phantoms === undefined ? 0 : positiveInteger('phantoms', flags.phantoms, {min: 0, max: 10_000}),
	};

	const stopping = new AbortController();
	process.once('SIGINT', () => stopping.abort());
	process.once('SIGTERM', () => stopping.abort());
	const {runSimulate} = await import('./simulate-command.js');
	return runSimulate(settings, stopping.signal);
}

function show(text: string): number {
	process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
	return 0;
}

/** The help texts are written indented by a tab; shown indented by two spaces, after the description. */
function showHelp(text: string): number {
	return show(`\n  ${packageManifest().description}\n${text.replaceAll(/^\t/gm, '  ')}`);
}

function packageManifest(): {version: string; description: string} {
	return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string; description: string};
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
