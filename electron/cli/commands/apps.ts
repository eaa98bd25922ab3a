/**
 * `onetap apps list`: the app list of the Apps screen on the command line — status, AppId
 * once approved, times, and the actions each app allows by the shared status rules. With --db
 * the workspace file is read directly (offline: no key, so every status's actions are shown as
 * an admin would have them); without it the active workspace is started as the other doors do.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ApiError, calls, type CallOutput } from '../../../shared/contract';
import type { AppRow } from '../../../shared/contract/apps';
import { toShanghaiIso } from '../../../shared/time/shanghai';
import { systemClock } from '../../main/services/core/clock';
import { EventBus } from '../../main/services/core/events';
import { memorySecretStore } from '../../main/services/core/secrets';
import { dispatch } from '../../main/services/core/dispatch';
import { workspaceMigrations } from '../../main/services/db/migrations';
import { openDatabase } from '../../main/services/db/open';
import { handlers } from '../../main/services/handlers';
import { listApps } from '../../main/services/apps/apps-read';
import { printJson, UsageError } from '../output';
import { writeTable, type Column } from '../terminal-table';
import { connectionFrom, SECRET_KEY_FILE_OPTION, SECRET_KEY_OPTION, startServices, type ConnectionFlags } from '../services';

interface ListFlags extends ConnectionFlags {
  db?: string;
  dataDir?: string;
  status?: string[];
  platform?: string;
  q?: string;
  deleted?: boolean;
  json?: boolean;
}

type ListOutput = CallOutput<'apps.list'>;

function listInput(flags: ListFlags) {
  const parsed = calls['apps.list'].input.safeParse({
    ...(flags.status?.length ? { status: flags.status } : {}),
    ...(flags.platform ? { platform: flags.platform } : {}),
    ...(flags.q ? { q: flags.q } : {}),
    includeDeleted: !!flags.deleted || !!flags.status?.includes('deleted'),
  });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[`--${String(i.path[0] ?? 'input')}`] ??= i.message;
    throw new ApiError('INVALID_INPUT', `invalid flags — ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, { fields });
  }
  return parsed.data;
}

function listFromFile(file: string, input: ReturnType<typeof listInput>): ListOutput {
  if (!existsSync(file)) throw new UsageError(`--db: no such file: ${file}`);
  const db = openDatabase(file, { migrations: workspaceMigrations });
  try {
    return listApps(
      {
        db,
        clock: systemClock,
        secrets: memorySecretStore(),
        events: new EventBus(),
        access: { role: null, manage: true, review: false, online: false },
        platform: null,
        accessKey: null,
        mode: 'cli',
        syncNow: async () => undefined,
        osUser: () => '',
      },
      input,
    );
  } finally {
    db.close();
  }
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
  apps
    .command('list')
    .description('list apps with their status, AppId, times and allowed actions')
    .option('--db <file>', 'read this workspace database file directly')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--endpoint <url>', 'platform endpoint (else ONETAP_ENDPOINT, else the saved workspace or the demo)')
    .option('--access-key <id>', 'platform access key id (else ONETAP_ACCESS_KEY)')
    .option(...SECRET_KEY_OPTION)
    .option(...SECRET_KEY_FILE_OPTION)
    .option('--status <status...>', 'only these statuses: pending reviewing approved rejected deleted')
    .option('--platform <platform>', 'only android, ios or h5')
    .option('--q <text>', 'name or AppId contains')
    .option('--deleted', 'include deleted apps')
    .option('--json', 'machine-readable output')
    .action(async (flags: ListFlags) => {
      const input = listInput(flags);
      let out: ListOutput;
      if (flags.db !== undefined) out = listFromFile(flags.db, input);
      else {
        const services = await startServices('cli', { ...(flags.dataDir ? { dataDir: flags.dataDir } : {}), connection: connectionFrom(flags) });
        try {
          out = (await dispatch(handlers, services.ctx, 'apps.list', input)) as ListOutput;
        } finally {
          await services.close();
        }
      }
      if (flags.json) printJson(out);
      else printTable(out.items);
    });
}
