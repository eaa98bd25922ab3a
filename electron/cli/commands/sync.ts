/**
 * `onetap sync`: the same run as the console's sync button. A progress bar on a terminal;
 * with --json the summary `{ resources: { <name>: { fetched, written, cursor } }, durationMs }`.
 * Ctrl-C cancels cleanly (committed pages stay; the next run resumes after them).
 */
import type { Command } from 'commander';
import type { SyncProgress, SyncSummary } from '../../../shared/contract/sync';
import { syncResources, type SyncResource } from '../../../shared/contract/sync-resources';
import { EXIT_FAILURE, printJson, QuietExit, UsageError, formatCount } from '../output';
import { openSession, withSession, workspaceOptions, type WorkspaceFlags } from '../session';
import { wantsStore } from '../store-flag';

interface SyncFlags extends WorkspaceFlags {
  resources?: string;
  json?: boolean;
  wait?: string;
  daemon?: boolean;
  interval?: string;
}

export function parseResources(value: string | undefined): SyncResource[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--resources needs at least one name');
  for (const n of names) {
    if (!(syncResources as readonly string[]).includes(n)) throw new UsageError(`--resources: unknown resource "${n}" (known: ${syncResources.join(', ')})`);
  }
  return [...new Set(names)] as SyncResource[];
}

function duration(s: number): string {
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** One line per resource, redrawn in place on a terminal. */
export function progressLine(p: SyncProgress, width = 24): string {
  const name = p.resource.padEnd(10);
  const rate = `${formatCount(Math.round(p.rowsPerSec))}/s`;
  if (p.total !== null && p.total > 0) {
    const frac = Math.min(1, p.done / p.total);
    const filled = Math.round(frac * width);
    const eta = p.etaSeconds === null ? '' : `  ETA ${duration(p.etaSeconds)}`;
    return `${name} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${formatCount(p.done)}/${formatCount(p.total)}  ${rate}${eta}`;
  }
  return `${name} ${formatCount(p.done)} rows  ${rate}`;
}

export function resultLine(name: string, r: SyncSummary['resources'][SyncResource]): string {
  if (!r) return '';
  if (r.skipped) return `${name.padEnd(10)} skipped: ${r.skipped}`;
  const base = `${name.padEnd(10)} fetched ${formatCount(r.fetched)}, wrote ${formatCount(r.written)}, cursor ${r.cursor ?? '-'}`;
  return r.error ? `${base}  FAILED ${r.error.code}: ${r.error.message}` : base;
}

export function register(program: Command): void {
  workspaceOptions(program.command('sync').description('sync the platform into the local database (resumable; a second run fetches only what is new)'), {
    db: 'workspace database file (else the saved active workspace)',
  })
    .option('--resources <list>', `comma-separated subset of: ${syncResources.join(', ')}`)
    .option('--workspace <name|id>', 'a saved workspace of any provider (give its secret again with --secret-key outside the desktop app)')
    .option('--json', 'print the summary as JSON')
    .option('--wait <seconds>', "with --store: wait this long for the team store's current writer instead of being refused")
    .option('--daemon', "with --store: the team's writer on a server: hold the writer lock, sync every --interval, log progress, stop on SIGTERM")
    .option('--interval <seconds>', 'with --daemon: seconds between runs (1–86400)', '300')
    .action(async (o: SyncFlags) => {
      const resources = parseResources(o.resources);
      if (o.daemon) {
        if (!wantsStore(o)) throw new UsageError("--daemon runs the team store's writer: give --store postgresql://…");
        const { syncTeamStoreDaemon } = await import('./sync-store');
        await syncTeamStoreDaemon(o, resources, o.wait, o.interval);
        return;
      }
      if (wantsStore(o)) {
        const { syncTeamStore } = await import('./sync-store');
        if (!(await syncTeamStore(o, resources, o.wait))) throw new QuietExit(EXIT_FAILURE);
        return;
      }
      if (o.wait !== undefined) throw new UsageError('--wait goes with --store (a --db workspace has one writer already)');
      if (o.workspace !== undefined) {
        if (o.db || o.endpoint || o.accessKey) throw new UsageError('--workspace names a saved connection: leave out --db, --endpoint and --access-key');
        const done = await withSession(o, { db: 'boot' }, async ({ workspace: ws, call }) => {
          if (ws?.provider === 'aliyun-dypns') {
            const r = await call('providers.sync', {});
            if (o.json) printJson(r);
            else
              process.stdout.write(
                `statistics ${r.from}..${r.to}: ${formatCount(r.calls)} calls, wrote ${formatCount(r.rowsWritten)} rollup rows${r.unlistedSuccesses ? `; ${formatCount(r.unlistedSuccesses)} successful calls of schemes this workspace does not list` : ''}\n`,
              );
            return true;
          }
          const summary = await call('sync.run', resources ? { resources } : {});
          if (o.json) printJson(summary);
          else for (const [name, r] of Object.entries(summary.resources)) process.stdout.write(`${resultLine(name, r)}\n`);
          return summary.ok;
        });
        if (!done) throw new QuietExit(EXIT_FAILURE);
        return;
      }
      const services = await openSession(o, { db: 'boot' });
      const tty = !o.json && process.stderr.isTTY === true;
      let interrupted = 0;
      const onSigint = (): void => {
        interrupted++;
        if (interrupted === 1) {
          process.stderr.write('\nonetap: cancelling (Ctrl-C again to quit at once)…\n');
          void services.call('sync.cancel', {});
        } else process.exit(EXIT_FAILURE);
      };
      process.on('SIGINT', onSigint);
      let lastDraw = 0;
      const unsubscribe = services.ctx.events.subscribe((name, payload) => {
        if (name !== 'sync.progress' || !tty) return;
        const p = payload as SyncProgress;
        const now = Date.now();
        // Redraw at most ~10 times a second, but always show where each resource ended.
        if (p.phase === 'page' && now - lastDraw < 100) return;
        lastDraw = now;
        const line =
          p.phase === 'skipped'
            ? `${p.resource.padEnd(10)} skipped`
            : p.phase === 'error'
              ? `${p.resource.padEnd(10)} failed: ${p.message ?? ''}`
              : progressLine(p);
        process.stderr.write(`\r\x1b[2K${line}${p.phase === 'done' || p.phase === 'skipped' || p.phase === 'error' ? '\n' : ''}`);
      });
      let summary: SyncSummary;
      try {
        summary = await services.call('sync.run', resources ? { resources } : {});
      } finally {
        unsubscribe();
        process.off('SIGINT', onSigint);
        await services.close();
      }
      if (o.json) printJson(summary);
      else {
        for (const [name, r] of Object.entries(summary.resources)) process.stdout.write(`${resultLine(name, r)}\n`);
        process.stdout.write(
          `${summary.cancelled ? 'cancelled' : summary.ok ? 'done' : 'finished with errors'} in ${(summary.durationMs / 1000).toFixed(1)} s\n`,
        );
      }
      if (!summary.ok) throw new QuietExit(EXIT_FAILURE);
    });
}
