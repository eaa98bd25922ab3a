/**
 * `onetap alerts …`: the alerts for cron and CI, through the same contract calls as the app.
 *
 *   onetap alerts check [--db FILE | --workspace W] [--json]     exit 0: none open, 1: some open
 *   onetap alerts list  [--db FILE | --workspace W] [--since ISO] [--json]
 *   onetap alerts channel add --kind dingtalk|wecom|feishu|webhook --url URL [--secret S] [--name N]
 *   onetap alerts channel test NAME
 *
 * Alerts read only local data, so these commands open the workspace file offline through the
 * CLI session (no platform connection, no demo emulator): --db names a file, --workspace a saved
 * workspace by id or name, and with neither the saved active workspace is used. Channels belong
 * to the console.
 */
import type { Command } from 'commander';
import type { AlertEvent } from '../../../shared/contract/alerts';
import { channelSecretEnv } from '../../../shared/alerts/channel-secret-env';
import { toShanghaiIso } from '../../../shared/time/shanghai';
import { STORE_OPTION, STORE_PASSWORD_FILE_OPTION, withSession, type CliSession, type SessionOptions } from '../session';
import { EXIT_FAILURE, printJson, QuietExit } from '../output';

/** Why `alerts list` does not take --store. */
const ALERTS_LIST_REFUSAL =
  "a team store keeps no alert history (each console keeps its own firings): give --workspace NAME of the console's team workspace for its history, or run 'alerts check --store URL' for the alerts open on the team store now";

interface WhereFlags {
  db?: string;
  workspace?: string;
  dataDir?: string;
  store?: string;
  storePasswordFile?: string;
  json?: boolean;
}

/**
 * A session on the console's data folder, offline: with a workspace, --db's file or the saved
 * workspace's (--workspace, else the active one) opened as is; the session hosts the alerts service.
 */
function withAlerts<T>(
  flags: WhereFlags,
  withWorkspace: boolean,
  store: Pick<SessionOptions, 'teamStore' | 'teamStoreRefusal' | 'teamWorkspace'>,
  fn: (s: CliSession) => Promise<T>,
): Promise<T> {
  return withSession(flags, { db: 'offline', withoutDb: withWorkspace ? 'saved' : 'none', consoleDb: 'data-dir', alerts: true, ...store }, fn);
}

const where = (c: Command) =>
  c
    .option('--db <file>', 'workspace database file')
    .option('--workspace <id-or-name>', 'a saved workspace (else the active one)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces, channels)')
    .option('--json', 'machine-readable output');

/** --store on the commands that read a workspace's alerts. */
const onStore = (c: Command) => c.option(...STORE_OPTION).option(...STORE_PASSWORD_FILE_OPTION);

const time = (iso: string | number) => (typeof iso === 'number' ? toShanghaiIso(iso) : iso).slice(0, 16).replace('T', ' ');

function scopeText(scope: { app?: string | undefined; operator?: string | undefined; capability?: string | undefined }): string {
  return [scope.app, scope.operator, scope.capability].filter(Boolean).join(' ') || '-';
}

export function register(program: Command): void {
  const alerts = program.command('alerts').description('alerts on the local data: check, history, chat-robot channels');

  onStore(
    where(
      alerts
        .command('check')
        .description(
          "evaluate every rule now and print the open alerts; exit 1 when any is open. With --store: on the team store (default rules), announcing nothing to the channels; with --workspace of a team workspace: with the console's own rules and alerts of it, announcing as the console does",
        ),
    ),
  ).action(async (flags: WhereFlags) => {
    const out = await withAlerts(flags, true, { teamStore: 'alerts check' }, (s) => s.call('alerts.check', {}));
    if (flags.json) printJson(out);
    else if (!out.open.length) process.stdout.write('no open alerts\n');
    else for (const a of out.open) process.stdout.write(`${a.rule.padEnd(14)} ${scopeText(a.scope).padEnd(30)} since ${time(a.since)}  ${a.detail}\n`);
    if (out.open.length) throw new QuietExit(EXIT_FAILURE);
  });

  onStore(
    where(
      alerts
        .command('list')
        .description(
          "every firing, repeat and resolution (newest last); a team store keeps none (--store is refused): --workspace of a team workspace gives this console's own",
        ),
    ),
  )
    .option('--since <iso>', 'only from this date or instant (ISO 8601; a bare date is a Shanghai day)')
    .action(async (flags: WhereFlags & { since?: string }) => {
      const out = await withAlerts(flags, true, { teamStoreRefusal: ALERTS_LIST_REFUSAL, teamWorkspace: 'alerts list' }, (s) =>
        s.call('alerts.history', flags.since !== undefined ? { since: flags.since } : {}),
      );
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
      const out = await withAlerts(flags, false, {}, (s) =>
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
      const out = await withAlerts(flags, false, {}, (s) => s.call('alerts.channelTest', { name }));
      if (flags.json) printJson(out);
      else process.stdout.write(out.ok ? `sent (${out.attempts} attempt(s), ${out.ms} ms)\n` : `failed after ${out.attempts} attempt(s): ${out.error ?? ''}\n`);
      if (!out.ok) throw new QuietExit(EXIT_FAILURE);
    });
}
