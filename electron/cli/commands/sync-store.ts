/**
 * `onetap sync --store postgresql://…`: the team store's writer. Takes the writer lock (refused,
 * or with --wait waits, while another process syncs), syncs apps and records through the store
 * interface, and prints the same summary as a --db sync. Ctrl-C cancels at a page boundary.
 */
import { ApiError } from '../../../shared/contract/errors';
import type { SyncProgress, SyncResource } from '../../../shared/contract/sync';
import { systemClock } from '../../main/services/core/clock';
import { createPlatformClient } from '../../main/services/platform/http-client';
import { hostname } from 'node:os';
import { runStoreSync, storeSyncResources } from '../../main/services/team-store/store-sync';
import { runSyncDaemon } from '../../main/services/team-store/sync-daemon';
import { EXIT_FAILURE, intFlag, printJson, UsageError } from '../output';
import { connectionFrom, type WorkspaceFlags } from '../session';
import { openTeamStore } from '../store-flag';
import { progressLine, resultLine } from './sync';

/** Returns whether the run succeeded (the summary is printed either way). */
export async function syncTeamStore(o: WorkspaceFlags & { json?: boolean }, resources: SyncResource[] | undefined, wait: string | undefined): Promise<boolean> {
  const waitSeconds = intFlag('--wait', wait, { min: 1, max: 86_400 });
  const wanted = resources ?? [...storeSyncResources];
  const connection = connectionFrom(o);
  if (!connection)
    throw new UsageError(
      '--store needs the platform: --endpoint, --access-key and --secret-key-file (or ONETAP_ENDPOINT, ONETAP_ACCESS_KEY, ONETAP_SECRET_KEY)',
    );
  const { store } = await openTeamStore(o, { write: true, command: 'sync' });
  const client = createPlatformClient(connection);
  const abort = new AbortController();
  let interrupted = 0;
  const onSigint = (): void => {
    interrupted++;
    if (interrupted === 1) {
      process.stderr.write('\nonetap: cancelling (Ctrl-C again to quit at once)…\n');
      abort.abort();
    } else process.exit(EXIT_FAILURE);
  };
  process.on('SIGINT', onSigint);
  const tty = !o.json && process.stderr.isTTY === true;
  let lastDraw = 0;
  const onProgress = (p: SyncProgress): void => {
    if (!tty) return;
    const now = Date.now();
    if (p.phase === 'page' && now - lastDraw < 100) return;
    lastDraw = now;
    const line = p.phase === 'error' ? `${p.resource.padEnd(10)} failed: ${p.message ?? ''}` : progressLine(p);
    process.stderr.write(`\r\x1b[2K${line}${p.phase === 'done' || p.phase === 'error' ? '\n' : ''}`);
  };
  try {
    const summary = await runStoreSync({
      store,
      client,
      clock: systemClock,
      resources: wanted,
      signal: abort.signal,
      lock: waitSeconds !== undefined ? { wait: true, timeoutMs: waitSeconds * 1000 } : {},
      onProgress,
    });
    if (o.json) printJson(summary);
    else {
      for (const [name, r] of Object.entries(summary.resources)) process.stdout.write(`${resultLine(name, r)}\n`);
      process.stdout.write(
        `${summary.cancelled ? 'cancelled' : summary.ok ? 'done' : 'finished with errors'} in ${(summary.durationMs / 1000).toFixed(1)} s\n`,
      );
    }
    return summary.ok;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('INTERNAL', `team store sync: ${(e as Error).message}`);
  } finally {
    process.off('SIGINT', onSigint);
    client.close();
    await store.close();
  }
}

/**
 * `onetap sync --daemon --store …`: runs until SIGTERM or SIGINT, one log line per event on
 * standard output (for a service manager's journal), then releases the writer lock and exits 0.
 */
export async function syncTeamStoreDaemon(
  o: WorkspaceFlags,
  resources: SyncResource[] | undefined,
  wait: string | undefined,
  interval: string | undefined,
): Promise<void> {
  const waitSeconds = intFlag('--wait', wait, { min: 1, max: 86_400 });
  const intervalSeconds = intFlag('--interval', interval, { min: 1, max: 86_400 })!;
  const connection = connectionFrom(o);
  if (!connection)
    throw new UsageError(
      '--daemon needs the platform: --endpoint, --access-key and --secret-key-file (or ONETAP_ENDPOINT, ONETAP_ACCESS_KEY, ONETAP_SECRET_KEY)',
    );
  const { store } = await openTeamStore(o, { write: true, command: 'sync --daemon' });
  const client = createPlatformClient(connection);
  const stop = new AbortController();
  const onSignal = (sig: string) => (): void => {
    if (!stop.signal.aborted) process.stdout.write(`${new Date().toISOString()} ${sig}: stopping at the next page boundary\n`);
    stop.abort();
  };
  const onTerm = onSignal('SIGTERM');
  const onInt = onSignal('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  try {
    await runSyncDaemon({
      store,
      client,
      clock: systemClock,
      resources: resources ?? [...storeSyncResources],
      intervalMs: intervalSeconds * 1000,
      writer: `onetap sync --daemon (${hostname()} pid ${process.pid})`,
      ...(waitSeconds !== undefined ? { lock: { wait: true, timeoutMs: waitSeconds * 1000 } } : {}),
      signal: stop.signal,
      log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
    });
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    client.close();
    await store.close();
  }
}
