/**
 * `onetap apps list`: the app list of the Apps screen on the command line — status, AppId
 * once approved, times, and the actions each app allows by the shared status rules. With --db
 * the workspace file is read directly (offline: no key, so every status's actions are shown as
 * an admin would have them); without it the active workspace is started as the other doors do.
 */
import type { Command } from 'commander';
import type { AppRow } from '../../../shared/contract/apps';
import { toShanghaiIso } from '../../../shared/time/shanghai';
import { printJson } from '../output';
import { writeTable, type Column } from '../terminal-table';
import { parseFlags, withSession, workspaceOptions, type WorkspaceFlags } from '../session';

interface ListFlags extends WorkspaceFlags {
  status?: string[];
  platform?: string;
  q?: string;
  deleted?: boolean;
  json?: boolean;
}

const time = (ms: number): string => toShanghaiIso(ms).slice(0, 19).replace('T', ' ');

function printTable(items: readonly AppRow[]): void {
  const cols: Column<AppRow>[] = [
    ['name', 24, (r) => r.name],
    ['platform', 9, (r) => r.platform],
    ['status', 10, (r) => r.status + (r.overdue ? '!' : '')],
    ['appId', 18, (r) => r.appId ?? '-'],
    ['created', 20, (r) => time(r.createdAt)],
    ['modified', 20, (r) => time(r.updatedAt)],
    ['actions', 24, (r) => [...r.actions, ...r.reviewActions].join(',') + (r.pending ? ` (${r.pending.op} ${r.pending.state})` : '')],
  ];
  writeTable(cols, items);
  process.stdout.write(`${items.length} app(s); "!" marks a review waiting over one working day\n`);
}

export function register(program: Command): void {
  const apps = program.command('apps').description('app management (the Apps screen)');
  workspaceOptions(apps.command('list').description('list apps with their status, AppId, times and allowed actions'), {
    db: 'read this workspace database file directly',
  })
    .option('--status <status...>', 'only these statuses: pending reviewing approved rejected deleted')
    .option('--platform <platform>', 'only android, ios or h5')
    .option('--q <text>', 'name or AppId contains')
    .option('--deleted', 'include deleted apps')
    .option('--json', 'machine-readable output')
    .action(async (flags: ListFlags) => {
      const input = {
        ...(flags.status?.length ? { status: flags.status } : {}),
        ...(flags.platform ? { platform: flags.platform } : {}),
        ...(flags.q ? { q: flags.q } : {}),
        includeDeleted: !!flags.deleted || !!flags.status?.includes('deleted'),
      };
      parseFlags('apps.list', input);
      const out = await withSession(flags, { db: 'offline' }, (s) => s.call('apps.list', input));
      if (flags.json) printJson(out);
      else printTable(out.items);
    });
}
