/** Rows per second and time left for one resource of a run, from what has been fetched so far. */
import type { Clock } from '../core/clock';

export interface Meter {
  rowsPerSec: number;
  etaSeconds: number | null;
}

export function progressMeter(clock: Clock): { measure(done: number, total: number | null): Meter } {
  const start = clock.now();
  return {
    measure(done, total) {
      const secs = Math.max(clock.now() - start, 1) / 1000;
      const rowsPerSec = Math.round((done / secs) * 10) / 10;
      const etaSeconds = total === null ? null : rowsPerSec > 0 ? Math.max(0, Math.round((total - done) / rowsPerSec)) : null;
      return { rowsPerSec, etaSeconds };
    },
  };
}
