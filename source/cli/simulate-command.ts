import {parseArguments, type FlagSpecs} from './arguments.js';
import {pictureSize, positiveInteger, positiveNumber, probability, UsageError} from '../runtime/flag-validation.js';
import type {SimulateSettings} from '../simulator/run-simulate.js';
import {packageManifest, show, showHelp} from './print.js';

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

/** `esp-cam-monitor simulate <target> [options]`: a simulated relay's stream. Resolves to the exit code. */
export async function simulateCommand(argv: string[]): Promise<number> {
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
	const {runSimulate} = await import('../simulator/run-simulate.js');
	return runSimulate(settings, stopping.signal);
}
