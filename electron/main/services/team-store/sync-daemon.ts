/**
 * `onetap sync --daemon --store …`: the team's writer on a server. It takes the writer lock of
 * every resource for its whole life (so desktops only read, and a second daemon or a one-off
 * sync is refused naming it), syncs on a timer, and reports what it is doing in writer_status
 * for every console (`onetap store status`). Stopping (SIGTERM/SIGINT) cancels the current run
 * at a page boundary, marks the writer stopped and releases the lock; a crash releases it too
 * (the server drops the session), and the status row then shows a writer that holds nothing.
 */
import type { SyncProgress, SyncResource, SyncSummary } from '../../../../shared/contract/sync';
import type { Clock } from '../core/clock';
import type { PlatformClient } from '../platform/client-types';
import type { PgStore } from './pg-store';
import type { AcquireOptions } from './store';
import { runStoreSync } from './store-sync';

export interface DaemonOptions {
  store: PgStore;
  client: PlatformClient;
  clock: Clock;
  resources: readonly SyncResource[];
  intervalMs: number;
  /** Names this writer in writer_status (host and pid). */
  writer: string;
  lock?: AcquireOptions;
  /** Aborted to stop: the current run is cancelled at a page boundary. */
  signal: AbortSignal;
  log: (line: string) => void;
  /** Stop after this many runs (tests); forever when absent. */
  runs?: number;
}

/** How often progress is written to writer_status while a run is going. */
const REPORT_EVERY_MS = 1000;

export async function runSyncDaemon(opts: DaemonOptions): Promise<{ runs: number; last: SyncSummary | null }> {
  const { store, clock, signal, log } = opts;
  const lease = await store.acquireWriter(opts.resources, opts.lock);
  log(`writer lock taken for ${lease.resources.join(', ')}; syncing every ${Math.round(opts.intervalMs / 1000)} s`);
  let runs = 0;
  let last: SyncSummary | null = null;
  const report = (
    state: 'syncing' | 'idle' | 'stopped',
    resource: string | null,
    done: number,
    runStarted: number | null,
    nextRunAt: number | null,
    summary: SyncSummary | null,
  ): Promise<void> =>
    store
      .putWriterStatus({ writer: opts.writer, state, resource, done, runStarted, updatedAt: clock.now(), nextRunAt, lastSummary: summary })
      .catch((e: unknown) => log(`could not record the writer status: ${(e as Error).message}`));
  try {
    while (!signal.aborted && (opts.runs === undefined || runs < opts.runs)) {
      const runStarted = clock.now();
      await report('syncing', null, 0, runStarted, null, null);
      let lastReport = 0;
      const onProgress = (p: SyncProgress): void => {
        if (p.phase === 'start' || p.phase === 'done' || p.phase === 'error' || p.phase === 'skipped') {
          log(`${p.resource} ${p.phase}${p.phase === 'done' ? ` ${p.done}` : ''}${p.message ? `: ${p.message}` : ''}`);
        }
        const now = clock.now();
        if (p.phase !== 'page' || now - lastReport >= REPORT_EVERY_MS) {
          lastReport = now;
          if (p.phase === 'page') log(`${p.resource} ${p.done}`);
          void report('syncing', p.resource, p.done, runStarted, null, null);
        }
      };
      last = await runStoreSync({ store, client: opts.client, clock, resources: opts.resources, signal, onProgress, leaseHeld: true });
      runs++;
      const nextRunAt = clock.now() + opts.intervalMs;
      log(`run ${runs} ${last.cancelled ? 'cancelled' : last.ok ? 'done' : 'finished with errors'} in ${(last.durationMs / 1000).toFixed(1)} s`);
      await report('idle', null, 0, runStarted, signal.aborted ? null : nextRunAt, last);
      if (signal.aborted || (opts.runs !== undefined && runs >= opts.runs)) break;
      await sleep(opts.intervalMs, signal);
    }
  } finally {
    await report('stopped', null, 0, null, null, null);
    await lease.release();
    log('stopped; writer lock released');
  }
  return { runs, last };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
