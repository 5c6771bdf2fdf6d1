/**
 * Imported for its effect, before Ink and React: V8 doubles a busy thread's
 * young generation up to 2 x 16 MB and never gives it back. The dashboard's
 * garbage is short-lived (one render's layout and strings), so a young
 * generation of a few megabytes collects it as well, in shorter pauses, and
 * the process stays ~25 MB smaller. V8 reads the flag at each growth step,
 * so it must be set before the growth; a worker thread starting up puts V8's
 * flags back as they were at launch, so it is set again once each is running.
 */
import process from 'node:process';
import v8 from 'node:v8';
import type {Worker} from 'node:worker_threads';

const keepYoungGenerationAsItIs = () => v8.setFlagsFromString('--semi-space-growth-factor=1');

keepYoungGenerationAsItIs();
process.on('worker', (worker: Worker) => worker.once('online', keepYoungGenerationAsItIs));
