/**
 * `onetap archive …`: month archives of raw auth records and the retention window.
 *   onetap archive list      [--db FILE | --workspace W | --store URL] [--json]
 *   onetap archive create    MONTH [--drop] [--db FILE | --workspace W | --store URL] [--json]
 *   onetap archive import    (MONTH | --file FILE) [--db FILE | --workspace W | --store URL] [--json]
 *   onetap archive verify    (MONTH | --file FILE) [--db FILE | --workspace W | --store URL] [--json]   exit 1 when it does not check out
 *   onetap archive retention [--raw-months N|all] [--db FILE | --workspace W] [--json]
 *   onetap archive apply     [--db FILE | --workspace W] [--json]
 * Ctrl-C cancels an archive or import; the store is left as it was.
 *
 * With --store (a team store on PostgreSQL) list, create, import and verify run on the store
 * (team-store/store-archive.ts): the same file, the same checks; `create --drop` detaches and drops
 * the month's partition; only the store's writer role may create or import, under its writer lock.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ArchiveMonth } from '../../../shared/contract/archive';
import { formatBytes } from '../../../shared/format/bytes';
import { cancellable } from '../cancel-on-sigint';
import { formatCount, printJson, QuietExit, UsageError } from '../output';
import { parseFlags, withSession, workspaceOptions, type SessionOptions, type WorkspaceFlags } from '../session';
import { wantsStore } from '../store-flag';
import { writeTable, type Column } from '../terminal-table';

interface Flags extends WorkspaceFlags {
  json?: boolean;
}

const n = formatCount;

function monthLine(m: ArchiveMonth): string {
  const file = m.archive ? `  ${m.archive.path}  ${formatBytes(m.archive.file.bytes)}` : '';
  return `${m.month}  ${m.state}  ${n(m.storedRecords)} records in the store, ${n(m.calls)} calls${file}`;
}

/** MONTH or --file FILE, exactly one. */
function target(month: string | undefined, file: string | undefined): { month: string } | { path: string } {
  if ((month === undefined) === (file === undefined)) throw new UsageError('give a MONTH (YYYY-MM) or --file FILE (one of them)');
  return month !== undefined ? { month } : { path: resolve(file!) };
}

/** Why the retention commands do not take --store. */
const RETENTION_STORE_REFUSAL =
  'a team store has no retention window: its writer archives a month with onetap archive create MONTH --drop --store … (README, "A team store on PostgreSQL")';

/** The session of a command that runs on a local workspace or, with --store, on the team store (`write`: as its writer). */
function sessionFor(o: Flags, command: string, write: boolean): SessionOptions {
  return wantsStore(o) ? { db: 'offline', teamStoreAdmin: { command, write } } : { db: 'offline' };
}

const WS = ['--workspace <id-or-name>', 'a saved workspace (else the active one, or the demo)'] as const;
const JSON_FLAG = ['--json', 'machine-readable output'] as const;

export function register(program: Command): void {
  const archive = program
    .command('archive')
    .description(
      "keep months of raw auth records in compressed, verifiable archive files (rollups stay in the store); with --store a team store month's partition is detached",
    );

  workspaceOptions(archive.command('list').description('months with records: calls, raw records in the store, and their archive'))
    .option(...WS)
    .option(...JSON_FLAG)
    .action(async (o: Flags) => {
      const out = await withSession(o, sessionFor(o, 'archive list', false), (s) => s.call('archive.list', {}));
      if (o.json) return printJson(out);
      process.stdout.write(`retention: ${out.retention.rawMonths === null ? 'all months kept' : `${out.retention.rawMonths} month(s) of raw records`}\n`);
      const cols: Column<ArchiveMonth>[] = [
        ['month', 8, (m) => m.month],
        ['state', 9, (m) => (m.dueByRetention ? `${m.state}*` : m.state)],
        ['in store', 12, (m) => n(m.storedRecords)],
        ['calls', 12, (m) => n(m.calls)],
        ['archive', 10, (m) => (m.archive ? formatBytes(m.archive.file.bytes) : '')],
      ];
      writeTable(cols, out.months);
      if (out.months.some((m) => m.dueByRetention)) process.stdout.write('* due by the retention window (archive apply)\n');
    });

  workspaceOptions(
    archive
      .command('create')
      .description(
        "archive a closed month's raw records (checked by reading back); --drop removes them from the store (--store: detaches and drops the month's partition; the writer role only)",
      ),
  )
    .argument('<month>', 'YYYY-MM (Asia/Shanghai)')
    .option('--drop', "remove the month's raw records from the store once the archive checks out (--store: DETACH PARTITION, then DROP it)")
    .option(...WS)
    .option(...JSON_FLAG)
    .action(async (month: string, o: Flags & { drop?: boolean }) => {
      const input = { month, drop: !!o.drop };
      await parseFlags('archive.create', input);
      const m = await withSession(o, sessionFor(o, 'archive create', true), (s) => cancellable((signal) => s.call('archive.create', input, signal)));
      if (o.json) printJson(m);
      else process.stdout.write(`${monthLine(m)}\n`);
    });

  workspaceOptions(
    archive
      .command('import')
      .description("bring an archived month's raw records back into the store (checked first; --store: re-creates the month's partition)"),
  )
    .argument('[month]', 'YYYY-MM: the workspace archive of that month')
    .option('--file <file>', 'an archive file (.jsonl.gz) with its manifest beside it')
    .option(...WS)
    .option(...JSON_FLAG)
    .action(async (month: string | undefined, o: Flags & { file?: string }) => {
      const input = target(month, o.file);
      await parseFlags('archive.import', input);
      const r = await withSession(o, sessionFor(o, 'archive import', true), (s) => cancellable((signal) => s.call('archive.import', input, signal)));
      if (o.json) printJson(r);
      else process.stdout.write(`${r.month}: ${n(r.imported)} records imported, ${n(r.skipped)} already in the store\n`);
    });

  workspaceOptions(archive.command('verify').description('check an archive against its manifest and what the workspace recorded (exit 1 if it does not)'))
    .argument('[month]', 'YYYY-MM: the workspace archive of that month')
    .option('--file <file>', 'an archive file (.jsonl.gz) with its manifest beside it')
    .option(...WS)
    .option(...JSON_FLAG)
    .action(async (month: string | undefined, o: Flags & { file?: string }) => {
      const input = target(month, o.file);
      await parseFlags('archive.verify', input);
      const v = await withSession(o, sessionFor(o, 'archive verify', false), (s) => s.call('archive.verify', input));
      if (o.json) printJson(v);
      else if (v.ok) process.stdout.write(`${v.month}: ok, ${n(v.records)} records\n`);
      else for (const p of v.problems) process.stdout.write(`${v.month}: ${p.code}  ${p.message}\n`);
      if (!v.ok) throw new QuietExit(1);
    });

  workspaceOptions(archive.command('retention').description('show or set how many months of raw records the store keeps'))
    .option('--raw-months <n|all>', 'months kept (the current one counts), or all')
    .option(...WS)
    .option(...JSON_FLAG)
    .action(async (o: Flags & { rawMonths?: string }) => {
      let out: { rawMonths: number | null };
      if (o.rawMonths === undefined)
        out = (await withSession(o, { db: 'offline', teamStoreRefusal: RETENTION_STORE_REFUSAL }, (s) => s.call('archive.list', {}))).retention;
      else {
        const input = { rawMonths: o.rawMonths === 'all' ? null : /^\d+$/.test(o.rawMonths) ? Number(o.rawMonths) : NaN };
        if (Number.isNaN(input.rawMonths)) throw new UsageError('--raw-months takes a whole number of months or all');
        await parseFlags('archive.setRetention', input);
        out = await withSession(o, { db: 'offline', teamStoreRefusal: RETENTION_STORE_REFUSAL }, (s) => s.call('archive.setRetention', input));
      }
      if (o.json) printJson(out);
      else process.stdout.write(out.rawMonths === null ? 'all months of raw records are kept\n' : `${out.rawMonths} month(s) of raw records are kept\n`);
    });

  workspaceOptions(archive.command('apply').description('archive and drop every month the retention window puts out of the store'))
    .option(...WS)
    .option(...JSON_FLAG)
    .action(async (o: Flags) => {
      const out = await withSession(o, { db: 'offline', teamStoreRefusal: RETENTION_STORE_REFUSAL }, (s) =>
        cancellable((signal) => s.call('archive.apply', {}, signal)),
      );
      if (o.json) printJson(out);
      else if (out.months.length === 0) process.stdout.write('nothing is due\n');
      else for (const m of out.months) process.stdout.write(`${monthLine(m)}\n`);
    });
}
