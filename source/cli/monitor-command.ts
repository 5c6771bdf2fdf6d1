import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PREVIEW_CHOICES} from '../dashboard/preview/preview-choice.js';
import type {RecordLimit} from '../io/recording/recorder.js';
import {refuseNonSerialPort} from '../io/serial/open-error.js';
import {runHeadless} from '../outputs/headless/run-headless.js';
import {shouldColour} from '../outputs/headless/style.js';
import {influxFlagSpecs, influxOptions} from '../outputs/influx/influx-flags.js';
import type {MetricsAddress} from '../outputs/metrics/metrics-server.js';
import {mqttSettings} from '../outputs/mqtt/mqtt-options.js';
import {diskSize, retentionSettings} from '../outputs/retention/retention-settings.js';
import type {RunSettings} from '../outputs/run-settings.js';
import {nonEmpty, oneOf, positiveInteger, positiveNumber, UsageError} from '../runtime/flag-validation.js';
import {parseArguments, type FlagSpecs, type FlagValues} from './arguments.js';
import {packageManifest, show, showHelp} from './print.js';
import {relayPorts} from './relay-ports.js';

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

/** `esp-cam-monitor [options]`: the dashboard, or headless lines. Resolves to the exit code. */
export async function monitorCommand(argv: string[]): Promise<number> {
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
		if (!settings.colour) process.env.FORCE_COLOR = '0';
		delete process.env.CI;
		delete process.env.CONTINUOUS_INTEGRATION;
		// Before the dashboard's modules load: they are loaded whole before any of them runs.
		await import('../runtime/dashboard-v8-flags.js');
		const {runDashboard} = await withoutFetch(() => import('../dashboard/run-dashboard.js'));
		return runDashboard(settings, previews, flags.utf8 ?? false);
	}

	await import('../runtime/young-generation.js');
	return runHeadless(settings, flags.utf8 ?? false);
}

let blameConfig = (message: string) => message;

/** Says which key of the config file gave a flag a usage message names; without a config file, the message as it is. */
export function blameConfigFile(message: string): string {
	return blameConfig(message);
}

/** Config files and camera files are TOML: its parser loads only when one is given. */
async function withConfigFile(commandLine: FlagValues<typeof monitorFlags>): Promise<FlagValues<typeof monitorFlags>> {
	if (commandLine.config === undefined) return commandLine;
	const config = await import('./config/merge-config.js');
	blameConfig = config.blameConfigFile;
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
