/**
 * `onetap records search` and `onetap records get`: the auth-record search of the Records
 * screen, on the command line. With --db the workspace file is opened directly; without it
 * the saved active workspace (or the demo) is started as the other doors do.
 */
import type { Command } from 'commander';
import type { RecordItem } from '../../../shared/contract/records';
import { intFlag, printJson } from '../output';
import { addRecordsFilterOptions, filterFromFlags, type RecordsFilterFlags } from '../records-filter-flags';
import { writeTable, type Column } from '../terminal-table';
import { parseFlags, withSession, WORKSPACE_OPTION, workspaceOptions, type WorkspaceFlags } from '../session';

interface SearchFlags extends WorkspaceFlags, RecordsFilterFlags {
  limit?: string;
  after?: string;
  order?: string;
  json?: boolean;
}

async function printTable(items: readonly RecordItem[], total: number, next: string | null): Promise<void> {
  // The code catalogue is loaded for the table only (not for --help, nor for --json).
  const { describeFailure } = await import('../../../shared/codes');
  const cols: Column<RecordItem>[] = [
    ['request time', 29, (r) => r.requestTime],
    ['app', 18, (r) => r.appName ?? r.id],
    ['op', 5, (r) => r.operator],
    ['capability', 10, (r) => r.capability],
    ['result', 7, (r) => (r.success ? 'success' : 'failure')],
    ['code', 16, (r) => (r.carrierCode ? `${r.resultCode}/${r.carrierCode}` : r.resultCode)],
    ['phone', 12, (r) => r.maskedPhone ?? ''],
    ['description', 30, (r) => (r.success ? '' : describeFailure(r, 'zh-CN'))],
  ];
  writeTable(cols, items);
  process.stdout.write(`\n${items.length} of ${total} record(s)${next ? `; next page: --after ${next}` : ''}\n`);
}

export function register(program: Command): void {
  const records = program.command('records').description('auth records (认证记录): search and inspect');
  records.exitOverride();

  workspaceOptions(
    addRecordsFilterOptions(
      records.command('search').description('records matching a filter, newest (or oldest) first, one keyset page at a time, with the total of all matches'),
    ),
  )
    .option(...WORKSPACE_OPTION)
    .option('--limit <n>', 'records per page, 1–500', '50')
    .option('--after <cursor>', 'the `next` cursor of the previous page')
    .option('--order <order>', 'desc: newest first (default); asc: oldest first')
    .option('--json', 'print { total, items, next } as JSON')
    .exitOverride()
    .action(async (o: SearchFlags) => {
      const input = {
        ...filterFromFlags(o),
        ...(o.after !== undefined ? { after: o.after } : {}),
        ...(o.order !== undefined ? { order: o.order as 'asc' | 'desc' } : {}),
        limit: intFlag('--limit', o.limit),
      };
      await parseFlags('records.search', input);
      const out = await withSession(o, { db: 'offline', teamStore: 'records search' }, (s) => s.call('records.search', input));
      if (o.json) printJson(out);
      else await printTable(out.items, out.total, out.next);
      for (const m of out.archived ?? [])
        process.stderr.write(
          `note: ${m.month} is archived out of the team store: its records are counted in the total but not listed ` +
            `(${m.records} records in ${m.file}, at ${m.location}; onetap archive import ${m.month} --store … brings them back)\n`,
        );
    });

  workspaceOptions(
    records.command('get').description('one record by seq, with its app and the dictionary entries of its codes').argument('<seq>', 'the record seq'),
  )
    .option(...WORKSPACE_OPTION)
    .option('--json', 'print the record as JSON')
    .exitOverride()
    .action(async (seqArg: string, o: SearchFlags) => {
      const { seq } = await parseFlags('records.get', { seq: intFlag('<seq>', seqArg, { min: 1 }) });
      const rec = await withSession(o, { db: 'offline', teamStore: 'records get' }, (s) => s.call('records.get', { seq }));
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
