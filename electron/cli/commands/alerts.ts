/**
 * `onetap alerts …`: the alerts for cron and CI, through the same contract calls as the app.
 *
 *   onetap alerts check [--db FILE | --workspace W] [--json]     exit 0: none open, 1: some open
 *   onetap alerts list  [--db FILE | --workspace W] [--since ISO] [--json]
 *   onetap alerts channel add --kind dingtalk|wecom|feishu|webhook --url URL [--secret S] [--name N]
 *   onetap alerts channel test NAME
 *
 * Alerts read only local data, so these commands open the workspace file directly (no platform
 * connection, no demo emulator): --db names a file, --workspace a saved workspace by id or name,
 * and with neither the saved active workspace is used. Channels belong to the console.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { type CallName, type CallOutput } from '../../../shared/contract';
import type { AlertEvent } from '../../../shared/contract/alerts';
import { toShanghaiIso } from '../../../shared/time/shanghai';
import { ALERTS_EXTENSION, AlertsService, channelSecretEnv } from '../../main/services/alerts/service';
import type { ServiceContext } from '../../main/services/core/context';
import { createContext } from '../../main/services/core/create-context';
import { defaultDataDir } from '../../main/services/core/data-dir';
import { dispatch } from '../../main/services/core/dispatch';
import { handlers } from '../../main/services/handlers';
import { WORKSPACES_EXTENSION, type ActiveWorkspace } from '../../main/services/workspaces/active';
import { openWorkspaceDatabase } from '../../main/services/workspaces/open-workspace-db';
import { DEMO_ID } from '../../main/services/workspaces/registry';
import { workspacesRepo } from '../../main/services/workspaces/workspaces-repo';
import { EXIT_FAILURE, printJson, QuietExit, UsageError } from '../output';

interface WhereFlags {
  db?: string;
  workspace?: string;
  dataDir?: string;
  json?: boolean;
}

interface Session {
  ctx: ServiceContext;
  call<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>>;
  close(): Promise<void>;
}

/** The console context, the alerts service and (when asked) one workspace database, opened directly. */
async function open(flags: WhereFlags, withWorkspace: boolean): Promise<Session> {
  if (flags.db !== undefined && flags.workspace !== undefined) throw new UsageError('give --db or --workspace, not both');
  const dataDir = flags.dataDir ?? defaultDataDir();
  const ctx = createContext({ mode: 'cli', dataDir });
  let db: ActiveWorkspace['db'] | null = null;
  try {
    if (withWorkspace) {
      let file: string;
      let id = 'session';
      let name = flags.db ?? '';
      if (flags.db !== undefined) {
        if (!existsSync(flags.db)) throw new UsageError(`--db: no such file: ${flags.db}`);
        file = resolve(flags.db);
      } else {
        const repo = workspacesRepo(ctx.consoleDb);
        const wanted = flags.workspace ?? repo.activeId() ?? DEMO_ID;
        const row = repo.all().find((w) => w.id === wanted || w.name === wanted);
        if (!row) throw new UsageError(`--workspace: no workspace ${JSON.stringify(wanted)} (see the workspaces in Settings)`);
        file = resolve(join(dataDir, 'workspaces'), row.dbFile);
        if (!existsSync(file)) throw new UsageError(`workspace ${row.name} has no data yet: run onetap sync first`);
        id = row.id;
        name = row.name;
      }
      db = openWorkspaceDatabase(file);
      const ws: ActiveWorkspace = { id, name, kind: 'demo', db, accessKey: null, role: null, platform: null };
      ctx.extensions.set(WORKSPACES_EXTENSION, { active: () => ws });
    }
    const svc = new AlertsService(ctx, { secretFor: (name) => process.env[channelSecretEnv(name)] });
    ctx.extensions.set(ALERTS_EXTENSION, svc);
    return {
      ctx,
      call: async (name, input) => (await dispatch(handlers, ctx, name, input)) as CallOutput<typeof name>,
      async close() {
        await svc.stop();
        db?.close();
        ctx.consoleDb.close();
      },
    };
  } catch (e) {
    db?.close();
    ctx.consoleDb.close();
    throw e;
  }
}

async function withSession<T>(flags: WhereFlags, withWorkspace: boolean, fn: (s: Session) => Promise<T>): Promise<T> {
  const s = await open(flags, withWorkspace);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

const where = (c: Command) =>
  c
    .option('--db <file>', 'workspace database file')
    .option('--workspace <id-or-name>', 'a saved workspace (else the active one)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces, channels)')
    .option('--json', 'machine-readable output');

const time = (iso: string | number) => (typeof iso === 'number' ? toShanghaiIso(iso) : iso).slice(0, 16).replace('T', ' ');

function scopeText(scope: { app?: string | undefined; operator?: string | undefined; capability?: string | undefined }): string {
  return [scope.app, scope.operator, scope.capability].filter(Boolean).join(' ') || '-';
}

export function register(program: Command): void {
  const alerts = program.command('alerts').description('alerts on the local data: check, history, chat-robot channels');

  where(alerts.command('check').description('evaluate every rule now and print the open alerts; exit 1 when any is open')).action(async (flags: WhereFlags) => {
    const out = await withSession(flags, true, (s) => s.call('alerts.check', {}));
    if (flags.json) printJson(out);
    else if (!out.open.length) process.stdout.write('no open alerts\n');
    else for (const a of out.open) process.stdout.write(`${a.rule.padEnd(14)} ${scopeText(a.scope).padEnd(30)} since ${time(a.since)}  ${a.detail}\n`);
    if (out.open.length) throw new QuietExit(EXIT_FAILURE);
  });

  where(alerts.command('list').description('every firing, repeat and resolution (newest last)'))
    .option('--since <iso>', 'only from this date or instant (ISO 8601; a bare date is a Shanghai day)')
    .action(async (flags: WhereFlags & { since?: string }) => {
      const out = await withSession(flags, true, (s) => s.call('alerts.history', flags.since !== undefined ? { since: flags.since } : {}));
      if (flags.json) printJson(out);
      else if (!out.events.length) process.stdout.write('no alerts\n');
      else
        for (const e of out.events as AlertEvent[])
          process.stdout.write(`${time(e.at)}  ${e.kind.padEnd(8)} #${String(e.alertId).padEnd(5)} ${e.rule.padEnd(14)} ${e.detail}\n`);
    });

  const channel = alerts.command('channel').description('chat-robot channels (shared by every workspace of this console)');
  channel
    .command('add')
    .description('add or replace a channel')
    .requiredOption('--kind <kind>', 'dingtalk, wecom, feishu or webhook')
    .requiredOption('--url <url>', 'the robot’s webhook URL')
    .option(
      '--secret <secret>',
      'signing secret (DingTalk 加签, Feishu 签名校验, webhook HMAC); stored sealed with the console key file (local-secrets.key, owner-only), never plain',
    )
    .option('--name <name>', 'channel name (default: kind-N)')
    .option('--data-dir <dir>', 'console data folder')
    .option('--json', 'machine-readable output')
    .action(async (flags: { kind: string; url: string; secret?: string; name?: string; dataDir?: string; json?: boolean }) => {
      const out = await withSession(flags, false, (s) =>
        s.call('alerts.channelAdd', {
          kind: flags.kind,
          url: flags.url,
          ...(flags.secret !== undefined ? { secret: flags.secret } : {}),
          ...(flags.name !== undefined ? { name: flags.name } : {}),
        }),
      );
      if (flags.json) printJson(out);
      else {
        process.stdout.write(`channel ${out.name} (${out.kind}) ${out.url}\n`);
        if (out.hasSecret && !out.secretStored)
          process.stderr.write(
            `onetap: note: the secret was kept for this command only (the data folder is not writable); set ${channelSecretEnv(out.name)} for later commands\n`,
          );
      }
    });
  channel
    .command('test <name>')
    .description('send a test message through a channel')
    .option('--data-dir <dir>', 'console data folder')
    .option('--json', 'machine-readable output')
    .action(async (name: string, flags: { dataDir?: string; json?: boolean }) => {
      const out = await withSession(flags, false, (s) => s.call('alerts.channelTest', { name }));
      if (flags.json) printJson(out);
      else process.stdout.write(out.ok ? `sent (${out.attempts} attempt(s), ${out.ms} ms)\n` : `failed after ${out.attempts} attempt(s): ${out.error ?? ''}\n`);
      if (!out.ok) throw new QuietExit(EXIT_FAILURE);
    });
}
