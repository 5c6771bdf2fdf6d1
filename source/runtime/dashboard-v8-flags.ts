/**
 * Imported for its effect by the dashboard, before its modules load (before
 * cli/monitor-command.ts imports run-dashboard.js; see docs/benchmarks.md).
 * Not for headless mode (see each).
 *
 * The heap kept small (--optimize-for-size): V8 then collects the old
 * generation once it has grown by a third or 2 MB, rather than up to fourfold
 * or 8 MB at a time (the dashboard's old generation grew to ~26 MB around
 * ~15 MB alive), and shrinks the young generation back after a collection.
 * The dashboard's garbage is little (a frame a second): the extra collections
 * cost no CPU we could measure, and the peak fell by ~20 MB. A --replay took
 * ~10% more CPU with it, and its heap is bounded otherwise (replay-source.ts
 * collects after every few MiB read).
 *
 * Less inlining by the optimizing compiler (a quarter of V8's cumulative
 * budget; functions under 27 bytes of bytecode are still inlined): the
 * dashboard's code runs about once a second, so functions become hot one by
 * one for minutes, and the compiler's threads spent more than the main
 * thread gained (their CPU fell by ~20%, the whole process's by ~0.2 points of
 * a core with six cameras). Decoding and reassembling slow by 0–8% with it,
 * which a live relay's few KB/s never feel; headless mode, which replays at
 * disk speed, keeps V8's budget.
 *
 * V8 reads both flags as it goes (a worker thread starting up leaves them
 * set, unlike young-generation.ts's: test/system/dashboard-v8-flags.test.ts).
 */
import v8 from 'node:v8';
import './young-generation.js';

v8.setFlagsFromString('--optimize-for-size');
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=230');
