/**
 * The peak of live memory while some work runs. `process.memoryUsage()` alone also counts what is garbage but
 * not yet collected, and V8 may leave tens of MiB of it before a collection starts; so each sample first
 * collects, and the peak is of what is still reachable. A last sample after the work counts what it kept,
 * so synchronous work (which no timer interrupts) is measured too.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Buffers (`arrayBuffers`), the JS heap (`heapUsed`), or both together. */
export type MemoryKind = 'buffers' | 'heap' | 'both';

function live(kind: MemoryKind): number {
  collect();
  const m = process.memoryUsage();
  return kind === 'buffers' ? m.arrayBuffers : kind === 'heap' ? m.heapUsed : m.arrayBuffers + m.heapUsed;
}

export async function liveMemoryPeak<T>(kind: MemoryKind, work: () => T | Promise<T>, everyMs = 25): Promise<{ result: T; grown: number }> {
  const base = live(kind);
  let peak = base;
  let timer: NodeJS.Timeout | undefined;
  const sample = () => {
    const started = performance.now();
    peak = Math.max(peak, live(kind));
    return performance.now() - started;
  };
  // A full collection takes longer on a loaded machine; spacing the samples by three times the last one's cost
  // keeps them under a quarter of the time, so the measured work is never starved by its own measurement.
  const next = (spent: number) => {
    timer = setTimeout(() => next(sample()), Math.max(everyMs, 3 * spent));
  };
  next(0);
  try {
    const result = await work();
    sample();
    return { result, grown: peak - base };
  } finally {
    clearTimeout(timer);
  }
}
