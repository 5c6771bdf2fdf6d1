/**
 * Imported for its effect by the dashboard, before its modules load (before
 * cli.tsx imports run-dashboard.js; see docs/benchmarks.md): V8 is told to
 * keep the heap small (--optimize-for-size). It then collects the old
 * generation once it has grown by a third or 2 MB, rather than up to fourfold
 * or 8 MB at a time (the dashboard's old generation grew to ~26 MB around
 * ~15 MB alive), and shrinks the young generation back after a collection.
 * The dashboard's garbage is little (a frame a second): the extra collections
 * cost no CPU we could measure, and the peak fell by ~20 MB. Not for headless
 * mode: a --replay took ~10% more CPU with it, and its heap is bounded
 * otherwise (replay-source.ts collects after every few MiB read).
 * V8 reads the flag as it goes (a worker thread starting up leaves it set,
 * unlike young-generation.ts's: test/system/dashboard-heap.test.ts).
 */
import v8 from 'node:v8';
import './young-generation.js';

v8.setFlagsFromString('--optimize-for-size');
