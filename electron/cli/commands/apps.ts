/**
 * `onetap apps list`: the app list of the Apps screen on the command line — status, AppId
 * once approved, times, and the actions each app allows by the shared status rules. With --db
 * the workspace file is read directly (offline: no key, so every status's actions are shown as
 * an admin would have them); without it the active workspace is started as the other doors do.
 */
import type { Command } from 'commander';
import type { AppRow } from '../../../shared/contract/apps';
import { toShanghaiIso } from '../../../shared/time/shanghai';
import { printJson, UsageError } from '../output';
import { writeTable, type Column } from '../terminal-table';
import {
  parseFlags,
  SECRET_KEY_FILE_OPTION,
  SECRET_KEY_OPTION,
  secretKeyFrom,
  withSession,
  WORKSPACE_OPTION,
  workspaceOptions,
  type WorkspaceFlags,
} from '../session';
import type { CallOutput } from '../../../shared/contract';

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

interface SchemeFlags {
  workspace?: string;
  dataDir?: string;
  secretKey?: string;
  secretKeyFile?: string;
  name?: string;
  json?: boolean;
}

type Scheme = CallOutput<'providers.schemes.list'>['items'][number];

function printSchemes(items: readonly Scheme[]): void {
  const cols: Column<Scheme>[] = [
    ['code', 22, (r) => r.code],
    ['name', 20, (r) => r.name ?? '-'],
    ['app', 20, (r) => r.appName ?? '-'],
    ['os', 8, (r) => r.osType ?? '-'],
    ['origin', 8, (r) => r.origin],
    ['added', 20, (r) => time(r.addedAt)],
    ['deleted', 20, (r) => (r.deletedAt === null ? '-' : time(r.deletedAt))],
  ];
  writeTable(cols, items);
  process.stdout.write(`${items.length} scheme(s)\n`);
}

/**
 * A scheme-keeping workspace (Alibaba Cloud: no list call) through the same contract calls as
 * the Apps view. The secret is given again outside the desktop app and set for this run only.
 */
async function onSchemes<T>(
  flags: SchemeFlags,
  fn: (call: <N extends 'providers.schemes.list' | 'providers.schemes.add'>(name: N, input: unknown) => Promise<CallOutput<N>>) => Promise<T>,
): Promise<T> {
  const secret = secretKeyFrom(flags);
  return withSession(
    { ...(flags.workspace !== undefined ? { workspace: flags.workspace } : {}), ...(flags.dataDir ? { dataDir: flags.dataDir } : {}) },
    { db: 'offline' },
    async (s) => {
      if (secret !== undefined) {
        const ws = (await s.call('workspaces.list', {})).items.find((w) => w.active);
        if (ws?.kind === 'remote') await s.call('workspaces.update', { id: ws.id, secretKey: secret });
      }
      return fn((name, input) => s.call(name, input));
    },
  );
}

export function register(program: Command): void {
  const apps = program.command('apps').description('app management (the Apps screen)');
  const schemes = apps.command('schemes').description('verification schemes of an Alibaba Cloud workspace (kept by code: the provider has no list call)');
  schemes
    .command('list')
    .description('the scheme codes the workspace keeps (created here or added by code)')
    .option('--workspace <name|id>', 'a saved Alibaba Cloud workspace (else the active one)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--json', 'machine-readable output')
    .action(async (flags: SchemeFlags) => {
      const out = await onSchemes(flags, (call) => call('providers.schemes.list', {}));
      if (flags.json) printJson(out);
      else printSchemes(out.items);
    });
  schemes
    .command('add <code>')
    .description('add an existing scheme by its code (checked with DescribeVerifyScheme)')
    .option('--name <label>', 'a label for the scheme')
    .option('--workspace <name|id>', 'a saved Alibaba Cloud workspace (else the active one)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option(...SECRET_KEY_OPTION)
    .option(...SECRET_KEY_FILE_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (code: string, flags: SchemeFlags) => {
      const input = { code, ...(flags.name !== undefined ? { name: flags.name } : {}) };
      await parseFlags('providers.schemes.add', input);
      if (!code.trim()) throw new UsageError('give the scheme code');
      const out = await onSchemes(flags, (call) => call('providers.schemes.add', input));
      if (flags.json) printJson(out);
      else process.stdout.write(`added scheme ${out.code}${out.name ? ` (${out.name})` : ''}\n`);
    });
  workspaceOptions(apps.command('list').description('list apps with their status, AppId, times and allowed actions'), {
    db: 'read this workspace database file directly',
  })
    .option(...WORKSPACE_OPTION)
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
      await parseFlags('apps.list', input);
      const out = await withSession(flags, { db: 'offline', teamStore: 'apps list' }, (s) => s.call('apps.list', input));
      if (flags.json) printJson(out);
      else printTable(out.items);
    });
}
