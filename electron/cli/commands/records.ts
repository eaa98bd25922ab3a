/**
 * `onetap records search` and `onetap records get`: the auth-record search of the Records
 * screen, on the command line. With --db the workspace file is opened directly; without it
 * the saved active workspace (or the demo) is started as the other doors do.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import { ApiError, calls, type CallName, type CallOutput } from '../../../shared/contract';
import type { RecordItem } from '../../../shared/contract/records';
import { workspaceMigrations } from '../../main/services/db/migrations';
import { openDatabase, type Db } from '../../main/services/db/open';
import { dispatch } from '../../main/services/core/dispatch';
import { handlers } from '../../main/services/handlers';
import { getRecord } from '../../main/services/records/get-record';
import { searchRecords } from '../../main/services/records/record-scanner';
import { intFlag, printJson, UsageError } from '../output';
import { addRecordsFilterOptions, filterFromFlags, type RecordsFilterFlags } from '../records-filter-flags';
import { writeTable, type Column } from '../terminal-table';
import { connectionFrom, SECRET_KEY_FILE_OPTION, SECRET_KEY_OPTION, startServices, type ConnectionFlags } from '../services';

interface SearchFlags extends ConnectionFlags, RecordsFilterFlags {
  db?: string;
  dataDir?: string;
  limit?: string;
  after?: string;
  json?: boolean;
}

/** Validates against the contract, failing as the other doors do (INVALID_INPUT, exit 2). */
function parseInput<N extends CallName>(name: N, raw: unknown): z.output<(typeof calls)[N]['input']> {
  const parsed = calls[name].input.safeParse(raw);
  if (parsed.success) return parsed.data as z.output<(typeof calls)[N]['input']>;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[`--${issue.path.map(String).join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`] ??= issue.message;
  throw new ApiError('INVALID_INPUT', `invalid flags — ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, { fields });
}

/** Runs `fn` against the --db file, or else through the booted services of the active workspace. */
async function withWorkspace<T>(flags: SearchFlags, direct: (db: Db) => T, viaServices: (call: <N extends CallName>(name: N, input: unknown) => Promise<CallOutput<N>>) => Promise<T>): Promise<T> {
  if (flags.db !== undefined) {
    if (!existsSync(flags.db)) throw new UsageError(`--db: no such file: ${flags.db}`);
    const db = openDatabase(flags.db, { migrations: workspaceMigrations });
    try {
      return direct(db);
    } finally {
      db.close();
    }
  }
  const services = await startServices('cli', { ...(flags.dataDir ? { dataDir: flags.dataDir } : {}), connection: connectionFrom(flags) });
  try {
    return await viaServices((name, input) => dispatch(handlers, services.ctx, name, input) as Promise<CallOutput<typeof name>>);
  } finally {
    await services.close();
  }
}

function printTable(items: readonly RecordItem[], total: number, next: string | null): void {
  const cols: Column<RecordItem>[] = [
    ['request time', 29, (r) => r.requestTime],
    ['app', 18, (r) => r.appName ?? r.id],
    ['op', 5, (r) => r.operator],
    ['capability', 10, (r) => r.capability],
    ['result', 7, (r) => (r.success ? 'success' : 'failure')],
    ['code', 16, (r) => (r.carrierCode ? `${r.resultCode}/${r.carrierCode}` : r.resultCode)],
    ['phone', 12, (r) => r.maskedPhone ?? ''],
    ['description', 30, (r) => (r.success ? '' : (r.carrierMeaning ? `${r.description} (${r.carrierMeaning})` : r.description))],
  ];
  writeTable(cols, items);
  process.stdout.write(`\n${items.length} of ${total} record(s)${next ? `; next page: --after ${next}` : ''}\n`);
}

export function register(program: Command): void {
  const records = program.command('records').description('auth records (认证记录): search and inspect');
  records.exitOverride();

  addRecordsFilterOptions(
    records
      .command('search')
      .description('records matching a filter, newest first, one keyset page at a time, with the total of all matches'),
  )
    .option('--db <file>', 'workspace database file (else the active workspace)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--endpoint <url>', 'platform endpoint (else ONETAP_ENDPOINT)')
    .option('--access-key <id>', 'platform access key id (else ONETAP_ACCESS_KEY)')
    .option(...SECRET_KEY_OPTION)
    .option(...SECRET_KEY_FILE_OPTION)
    .option('--limit <n>', 'records per page, 1–500', '50')
    .option('--after <cursor>', 'the `next` cursor of the previous page')
    .option('--json', 'print { total, items, next } as JSON')
    .exitOverride()
    .action(async (o: SearchFlags) => {
      const input = parseInput('records.search', {
        ...filterFromFlags(o),
        ...(o.after !== undefined ? { after: o.after } : {}),
        limit: intFlag('--limit', o.limit),
      });
      const out = await withWorkspace(
        o,
        (db) => searchRecords(db, input),
        (call) => call('records.search', input),
      );
      if (o.json) printJson(out);
      else printTable(out.items, out.total, out.next);
    });

  records
    .command('get')
    .description('one record by seq, with its app and the dictionary entries of its codes')
    .argument('<seq>', 'the record seq')
    .option('--db <file>', 'workspace database file (else the active workspace)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--endpoint <url>', 'platform endpoint (else ONETAP_ENDPOINT)')
    .option('--access-key <id>', 'platform access key id (else ONETAP_ACCESS_KEY)')
    .option(...SECRET_KEY_OPTION)
    .option(...SECRET_KEY_FILE_OPTION)
    .option('--json', 'print the record as JSON')
    .exitOverride()
    .action(async (seqArg: string, o: SearchFlags) => {
      const { seq } = parseInput('records.get', { seq: intFlag('<seq>', seqArg, { min: 1 }) });
      const rec = await withWorkspace(
        o,
        (db) => getRecord(db, seq),
        (call) => call('records.get', { seq }),
      );
      if (o.json) {
        printJson(rec);
        return;
      }
      const rows: [string, string][] = [
        ['seq', String(rec.seq)],
        ['record id', rec.recordId],
        ['request time', rec.requestTime],
        ['app', `${rec.appName ?? '?'} (${rec.id}, appId ${rec.appId})`],
        ['operator', rec.operator],
        ['capability', rec.capability],
        ['result', `${rec.success ? 'success' : 'failure'}${rec.outcome ? ` (${rec.outcome})` : ''}, billable: ${rec.billable ? 'yes' : 'no'}`],
        ['result code', `${rec.resultCode} — ${rec.resultCodeEntries[0]?.meaning ?? rec.description}`],
        ['carrier code', rec.carrierCode ? `${rec.carrierCode} — ${rec.carrierMeaning ?? 'not in the dictionary'}` : '—'],
        ['description', rec.description],
        ['phone', rec.maskedPhone ?? '—'],
        ['auth type', rec.authType ?? '—'],
        ['client ip', rec.clientIp ?? '—'],
        ['trace id', rec.traceId],
      ];
      for (const [k, v] of rows) process.stdout.write(`${k.padEnd(13)} ${v}\n`);
    });
}
