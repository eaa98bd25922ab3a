/**
 * The peak of live Buffer memory while some work runs. `process.memoryUsage().arrayBuffers` alone also
 * counts chunks that are garbage but not yet collected, and V8 may leave tens of MiB of them before its
 * external-memory pressure starts a collection; so each sample first collects, and the peak is of what
 * is still reachable.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

export async function liveBufferPeak<T>(work: () => Promise<T>, everyMs = 25): Promise<{ result: T; grown: number }> {
  collect();
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  const sample = () => {
    collect();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  };
  const sampler = setInterval(sample, everyMs);
  try {
    const result = await work();
    return { result, grown: peak - base };
  } finally {
    clearInterval(sampler);
  }
}
