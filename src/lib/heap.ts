import { setFlagsFromString } from 'node:v8';

/**
 * V8's garbage-collector settings for Checkpoint's processes, set once at start (the command
 * does it first thing; the benchmarks' children, which stand in for it, too).
 *
 * By default V8 lets the old generation grow to about twice what survived the last full
 * collection, and the young generation to 16 MB per semi-space, before collecting: a feed
 * cycle, which allocates quickly and keeps little, then held 470 MB at its peak for 10,000
 * feeds and 190 MB for 1,000, most of it garbage. Growing the old generation by a fifth and
 * keeping the young generation at its initial size bring those peaks to about 230 MB and
 * 150 MB, for no measurable loss of time (bench/RESULTS.md, "Refresh").
 *
 * Both flags are read by V8 each time it sizes a heap, so setting them after start takes
 * effect (what `--max-semi-space-size` would not: that one is fixed when the heap is made), and
 * they are process-wide: the worker threads started afterwards use them too.
 */
export function tuneHeap(): void {
  setFlagsFromString('--heap-growing-percent=20');
  setFlagsFromString('--semi-space-growth-factor=1');
}
