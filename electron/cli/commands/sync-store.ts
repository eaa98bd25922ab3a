/**
 * `onetap sync --store postgresql://…`: the team store's writer. Takes the writer lock (refused,
 * or with --wait waits, while another process syncs), syncs apps and records through the store
 * interface, and prints the same summary as a --db sync. Ctrl-C cancels at a page boundary.
 * Both the one-off run and the daemon are contract calls (store.sync, store.daemon) through the
 * session's dispatch, on a session that opened the store as its writer.
 */
import type { EventPayload } from '../../../shared/contract';
import type { SyncProgress, SyncResource } from '../../../shared/contract/sync';
import { EXIT_FAILURE, intFlag, printJson, UsageError } from '../output';
import { connectionFrom, withSession, type WorkspaceFlags } from '../session';
import { progressLine, resultLine } from './sync';

/** The platform the writer syncs from: flags or the ONETAP_* environment, all three. */
function writerConnection(o: WorkspaceFlags, flag: '--store' | '--daemon') {
  const connection = connectionFrom(o);
  if (!connection)
    throw new UsageError(
      `${flag} needs the platform: --endpoint, --access-key and --secret-key-file (or ONETAP_ENDPOINT, ONETAP_ACCESS_KEY, ONETAP_SECRET_KEY)`,
    );
  return connection;
}

/** Returns whether the run succeeded (the summary is printed either way). */
export async function syncTeamStore(o: WorkspaceFlags & { json?: boolean }, resources: SyncResource[] | undefined, wait: string | undefined): Promise<boolean> {
  const waitSeconds = intFlag('--wait', wait, { min: 1, max: 86_400 });
  const platform = writerConnection(o, '--store');
  const input = { ...(resources ? { resources } : {}), ...(waitSeconds !== undefined ? { waitSeconds } : {}) };
  return withSession(o, { db: 'offline', teamStoreAdmin: { command: 'sync', write: true, platform } }, async (s) => {
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
    const unsubscribe = s.ctx.events.subscribe((name, payload) => {
      if (name !== 'sync.progress' || !tty) return;
      const p = payload as SyncProgress;
      const now = Date.now();
      if (p.phase === 'page' && now - lastDraw < 100) return;
      lastDraw = now;
      const line = p.phase === 'error' ? `${p.resource.padEnd(10)} failed: ${p.message ?? ''}` : progressLine(p);
      process.stderr.write(`\r\x1b[2K${line}${p.phase === 'done' || p.phase === 'error' ? '\n' : ''}`);
    });
    try {
      const summary = await s.call('store.sync', input, abort.signal);
      if (o.json) printJson(summary);
      else {
        for (const [name, r] of Object.entries(summary.resources)) process.stdout.write(`${resultLine(name, r)}\n`);
        process.stdout.write(
          `${summary.cancelled ? 'cancelled' : summary.ok ? 'done' : 'finished with errors'} in ${(summary.durationMs / 1000).toFixed(1)} s\n`,
        );
      }
      return summary.ok;
    } finally {
      unsubscribe();
      process.off('SIGINT', onSigint);
    }
  });
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
  const platform = writerConnection(o, '--daemon');
  const input = { ...(resources ? { resources } : {}), ...(waitSeconds !== undefined ? { waitSeconds } : {}), intervalSeconds };
  await withSession(o, { db: 'offline', teamStoreAdmin: { command: 'sync --daemon', write: true, platform } }, async (s) => {
    const stop = new AbortController();
    const onSignal = (sig: string) => (): void => {
      if (!stop.signal.aborted) process.stdout.write(`${new Date().toISOString()} ${sig}: stopping at the next page boundary\n`);
      stop.abort();
    };
    const onTerm = onSignal('SIGTERM');
    const onInt = onSignal('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    const unsubscribe = s.ctx.events.subscribe((name, payload) => {
      if (name !== 'store.daemonLog') return;
      const { at, line } = payload as EventPayload<'store.daemonLog'>;
      process.stdout.write(`${new Date(at).toISOString()} ${line}\n`);
    });
    try {
      await s.call('store.daemon', input, stop.signal);
    } finally {
      unsubscribe();
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    }
  });
}
