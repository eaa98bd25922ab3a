/**
 * `onetap backup …`: the Settings panel's backup and restore of a workspace's local store.
 *   onetap backup create  [--db FILE | --workspace W] [--out FILE.sqlite] [--json]
 *   onetap backup list    [--db FILE | --workspace W] [--json]
 *   onetap backup restore (--id ID | --file FILE.sqlite) [--db FILE | --workspace W] [--force] [--json]
 * With --db the file is worked on alone (offline); otherwise the saved active workspace (or the
 * one --workspace names). Ctrl-C cancels a backup and removes its partial file.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { BackupInfo } from '../../../shared/contract/backup';
import { toShanghaiIso } from '../../../shared/time/shanghai';
import { formatBytes } from '../../../shared/format/bytes';
import { cancellable } from '../cancel-on-sigint';
import { formatCount, printJson, UsageError } from '../output';
import { parseFlags, withSession, workspaceOptions, type WorkspaceFlags } from '../session';
import { writeTable, type Column } from '../terminal-table';

interface Flags extends WorkspaceFlags {
  json?: boolean;
}

/** Why the backup commands do not take --store. */
const BACKUP_STORE_REFUSAL =
  "backup copies a local SQLite store; a team store is backed up by its database server: the team's DBA runs pg_dump " +
  "(or the server's base backups and WAL archiving), and restores with pg_restore";

const time = (ms: number): string => toShanghaiIso(ms).slice(0, 19).replace('T', ' ');

function line(b: BackupInfo): string {
  return `${b.path}\n  ${time(b.createdAt)}  ${formatCount(b.records)} auth records  ${formatBytes(b.file.bytes)}  sha256 ${b.file.sha256}`;
}

export function register(program: Command): void {
  const backup = program
    .command('backup')
    .description("back up or restore a workspace's local store (SQLite online backup, checked and hashed; a team store: pg_dump, not --store)");

  workspaceOptions(backup.command('create').description('copy the store while it is in use, with a manifest (<file>.json) beside the copy'))
    .option('--workspace <id-or-name>', 'a saved workspace (else the active one, or the demo)')
    .option('--out <file>', 'where to write the copy (a .sqlite file; else the data folder)')
    .option('--json', 'machine-readable output')
    .action(async (o: Flags & { out?: string }) => {
      const input = o.out !== undefined ? { out: resolve(o.out) } : {};
      await parseFlags('backup.create', input);
      const b = await withSession(o, { db: 'offline', teamStoreRefusal: BACKUP_STORE_REFUSAL }, (s) =>
        cancellable((signal) => s.call('backup.create', input, signal)),
      );
      if (o.json) printJson(b);
      else process.stdout.write(`${line(b)}\n`);
    });

  workspaceOptions(backup.command('list').description("the workspace's backups in the data folder, newest first"))
    .option('--workspace <id-or-name>', 'a saved workspace (else the active one, or the demo)')
    .option('--json', 'machine-readable output')
    .action(async (o: Flags) => {
      const out = await withSession(o, { db: 'offline', teamStoreRefusal: BACKUP_STORE_REFUSAL }, (s) => s.call('backup.list', {}));
      if (o.json) printJson(out);
      else {
        const cols: Column<BackupInfo>[] = [
          ['id', 28, (b) => b.backupId],
          ['taken', 20, (b) => time(b.createdAt)],
          ['records', 12, (b) => formatCount(b.records)],
          ['size', 10, (b) => formatBytes(b.file.bytes)],
        ];
        writeTable(cols, out.items);
      }
    });

  workspaceOptions(backup.command('restore').description('replace the store with a backup after checking its hash, integrity and schema'))
    .option('--workspace <id-or-name>', 'a saved workspace (else the active one, or the demo)')
    .option('--id <backup-id>', 'a backup in the data folder (see backup list)')
    .option('--file <file>', 'a backup file with its <file>.json manifest')
    .option('--force', 'restore a backup taken from another workspace')
    .option('--json', 'machine-readable output')
    .action(async (o: Flags & { id?: string; file?: string; force?: boolean }) => {
      if ((o.id === undefined) === (o.file === undefined)) throw new UsageError('give --id or --file (one of them)');
      const input = { ...(o.id !== undefined ? { backupId: o.id } : { path: resolve(o.file!) }), force: !!o.force };
      await parseFlags('backup.restore', input);
      const r = await withSession(o, { db: 'offline', teamStoreRefusal: BACKUP_STORE_REFUSAL }, (s) => s.call('backup.restore', input));
      if (o.json) printJson(r);
      else process.stdout.write(`restored ${line(r.restored)}\n  schema ${r.schemaBefore} → ${r.schemaAfter}\n`);
    });
}
