/**
 * Imported for its effect: V8 doubles a busy thread's young generation, up to
 * 2 x 16 MB, and never gives it back. Headless mode imports this first thing
 * (a replay of thousands of images in flight would grow it for no gain in
 * speed: its peak stays within the 100 MB budget this way); the dashboard
 * when it loads (its garbage is short-lived: the 16 MB the young generation
 * has grown to while Ink loads collect it as well; smaller, more of it is
 * promoted and the old generation grows instead; dashboard-v8-flags.ts, loaded
 * before the dashboard's modules, lets V8 collect that and shrink the young
 * generation back). V8 reads the flag at each
 * growth step. On Node 20 a worker thread starting up undoes it (the flag
 * reads as at launch again), so it is set again once each worker is running.
 */
import process from 'node:process';
import v8 from 'node:v8';
import type {Worker} from 'node:worker_threads';

const keepYoungGenerationAsItIs = () => v8.setFlagsFromString('--semi-space-growth-factor=1');

keepYoungGenerationAsItIs();
process.on('worker', (worker: Worker) => worker.once('online', keepYoungGenerationAsItIs));
