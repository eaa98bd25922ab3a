/**
 * `onetap store status --store postgresql://…` and `onetap store migrate --db FILE --store …`:
 * the team store's status for anyone who may read it, and copying an existing SQLite workspace
 * into an empty team store with proof of the copy (team-store/store-migration.ts). Progress goes
 * to standard error; Ctrl-C stops at the next page, and the same command resumes the copy.
 *
 * Both are contract calls (store.status, store.migrate) through the session's dispatch, on a
 * session that opened the store (migrate: as its writer). The console's doors open no team store
 * for administration and answer these calls UNSUPPORTED: an administrator runs them here.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { StoreMigrationProgress } from '../../../shared/contract/team-store';
import { cancellable } from '../cancel-on-sigint';
import { intFlag, printJson, UsageError } from '../output';
import { STORE_OPTION, STORE_PASSWORD_FILE_OPTION, withSession, type WorkspaceFlags } from '../session';

function when(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

export function register(program: Command): void {
  const store = program.command('store').description('the team store on PostgreSQL');
  store
    .command('status')
    .description("the team store's writers (what each is doing, whether it holds the writer lock) and each resource's freshness")
    .requiredOption(...STORE_OPTION)
    .option(...STORE_PASSWORD_FILE_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (o: WorkspaceFlags & { json?: boolean }) => {
      const status = await withSession(o, { db: 'offline', teamStoreAdmin: { command: 'store status', write: false } }, (s) => s.call('store.status', {}));
      if (o.json) {
        printJson(status);
        return;
      }
      const { store: display, writers, resources } = status;
      process.stdout.write(`${display}\n`);
      for (const w of writers) {
        const alive = w.holding.length > 0 ? `holding ${w.holding.join(', ')}` : 'holds no lock (not running)';
        const doing = w.state === 'syncing' ? `syncing${w.resource ? ` ${w.resource} (${w.done})` : ''} since ${when(w.runStarted)}` : w.state;
        process.stdout.write(`writer  ${w.writer}: ${doing}; ${alive}; reported ${when(w.updatedAt)}${w.nextRunAt ? `; next run ${when(w.nextRunAt)}` : ''}\n`);
      }
      if (writers.length === 0) process.stdout.write('writer  none has reported yet\n');
      for (const r of resources) {
        process.stdout.write(
          `${r.resource.padEnd(10)} last success ${when(r.lastSuccessAt)}, cursor ${r.cursor ?? '-'}, rows ${r.rows}${r.lastError ? `; last error ${r.lastError.code}: ${r.lastError.message}` : ''}\n`,
        );
      }
    });
  store
    .command('migrate')
    .description(
      'copy a SQLite workspace (records, rollups, apps, usage, bills, packages, cursors, export history) into an empty team store, and prove the copy',
    )
    .requiredOption('--db <file>', 'the workspace database file to copy')
    .requiredOption(...STORE_OPTION)
    .option(...STORE_PASSWORD_FILE_OPTION)
    .option('--page <n>', 'records per transaction', '5000')
    .option('--json', 'machine-readable output')
    .action(async (o: WorkspaceFlags & { db: string; page: string; json?: boolean }) => {
      if (!existsSync(o.db)) throw new UsageError(`--db: no such file: ${o.db}`);
      const pageSize = intFlag('--page', o.page, { min: 100, max: 50_000 })!;
      const input = { db: resolve(o.db), pageSize };
      const result = await withSession(o, { db: 'offline', teamStoreAdmin: { command: 'store migrate', write: true } }, async (s) => {
        let last = 0;
        const tty = process.stderr.isTTY === true;
        const unsubscribe = s.ctx.events.subscribe((name, payload) => {
          if (name !== 'store.migrateProgress') return;
          const p = payload as StoreMigrationProgress;
          const now = Date.now();
          const end = p.done === p.total;
          if (!end && now - last < (tty ? 100 : 2000)) return;
          last = now;
          const line = `${p.phase.padEnd(8)} ${p.done}/${p.total}`;
          process.stderr.write(tty ? `\r\x1b[2K${line}${end ? '\n' : ''}` : `${line}\n`);
        });
        try {
          return await cancellable((signal) => s.call('store.migrate', input, signal));
        } finally {
          unsubscribe();
        }
      });
      if (o.json) printJson(result);
      else {
        process.stdout.write(
          `copied ${result.records.count} records (sha256 ${result.records.sha256}), ${result.apps} apps, ${result.exportHistory} export history rows, ` +
            `${Object.entries(result.tables)
              .map(([t, n]) => `${n} ${t}`)
              .join(', ')}${result.resumed ? ' (resumed)' : ''}: equal in both stores, in ${(result.durationMs / 1000).toFixed(1)} s\n`,
        );
      }
    });
}
