/**
 * `onetap store migrate --db FILE --store postgresql://…`: copies an existing SQLite workspace
 * into an empty team store and proves the copy (team-store/store-migration.ts). Progress goes to
 * standard error; Ctrl-C stops at the next page, and the same command resumes the copy.
 *
 * An administrator's one-off step, like the team store's writer (onetap sync --store), it works
 * on the two stores directly rather than through a contract call: no console screen offers it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { MigrationProgress } from '../../main/services/team-store/store-migration';
import { cancellable } from '../cancel-on-sigint';
import { intFlag, printJson, UsageError } from '../output';
import { STORE_OPTION, STORE_PASSWORD_FILE_OPTION, type WorkspaceFlags } from '../session';
import { openTeamStore } from '../store-flag';

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
      const { store: team, display } = await openTeamStore(o, { write: false, command: 'store status' });
      try {
        const writers = await team.writerStatuses();
        const resources = await team.syncStates();
        if (o.json) {
          printJson({ store: display, writers, resources });
          return;
        }
        process.stdout.write(`${display}\n`);
        for (const w of writers) {
          const alive = w.holding.length > 0 ? `holding ${w.holding.join(', ')}` : 'holds no lock (not running)';
          const doing = w.state === 'syncing' ? `syncing${w.resource ? ` ${w.resource} (${w.done})` : ''} since ${when(w.runStarted)}` : w.state;
          process.stdout.write(
            `writer  ${w.writer}: ${doing}; ${alive}; reported ${when(w.updatedAt)}${w.nextRunAt ? `; next run ${when(w.nextRunAt)}` : ''}\n`,
          );
        }
        if (writers.length === 0) process.stdout.write('writer  none has reported yet\n');
        for (const r of resources) {
          process.stdout.write(
            `${r.resource.padEnd(10)} last success ${when(r.lastSuccessAt)}, cursor ${r.cursor ?? '-'}, rows ${r.rows}${r.lastError ? `; last error ${r.lastError.code}: ${r.lastError.message}` : ''}\n`,
          );
        }
      } finally {
        await team.close();
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
      // Loaded when the copy runs, not for `onetap --help`.
      const [{ systemClock }, { migrateWorkspaceToStore }, { openWorkspaceDatabase }] = await Promise.all([
        import('../../main/services/core/clock'),
        import('../../main/services/team-store/store-migration'),
        import('../../main/services/workspaces/open-workspace-db'),
      ]);
      const db = openWorkspaceDatabase(resolve(o.db));
      try {
        const { store: team } = await openTeamStore(o, { write: true, command: 'store migrate' });
        try {
          let last = 0;
          const tty = process.stderr.isTTY === true;
          const onProgress = (p: MigrationProgress): void => {
            const now = Date.now();
            const end = p.done === p.total;
            if (!end && now - last < (tty ? 100 : 2000)) return;
            last = now;
            const line = `${p.phase.padEnd(8)} ${p.done}/${p.total}`;
            process.stderr.write(tty ? `\r\x1b[2K${line}${end ? '\n' : ''}` : `${line}\n`);
          };
          const result = await cancellable((signal) =>
            migrateWorkspaceToStore({ db, source: resolve(o.db), store: team, clock: systemClock, signal, pageSize, onProgress }),
          );
          if (o.json) printJson(result);
          else {
            process.stdout.write(
              `copied ${result.records.count} records (sha256 ${result.records.sha256}), ${result.apps} apps, ${result.exportHistory} export history rows, ` +
                `${Object.entries(result.tables)
                  .map(([t, n]) => `${n} ${t}`)
                  .join(', ')}${result.resumed ? ' (resumed)' : ''}: equal in both stores, in ${(result.durationMs / 1000).toFixed(1)} s\n`,
            );
          }
        } finally {
          await team.close();
        }
      } finally {
        db.close();
      }
    });
}
