/**
 * Workspaces on the command line, through the contract like every door:
 *   onetap workspaces add --provider aliyun-dypns --name N [--endpoint HOST[:PORT]] [--protocol http|https]
 *                         --access-key ID --secret-key KEY [--region ID] [--json]
 *   onetap workspaces add --name N --endpoint URL --access-key ID --secret-key KEY        (our platform API)
 *   onetap workspaces list [--json]
 * Outside Electron the secret is not written to disk: give it again (--secret-key) to commands
 * that use the workspace.
 */
import type { Command } from 'commander';
import { providers } from '../../../shared/providers/capabilities';
import type { Workspace } from '../../../shared/contract/workspaces';
import { printJson, UsageError } from '../output';
import { withSession } from '../session';
import { writeTable, type Column } from '../terminal-table';

interface AddFlags {
  provider: string;
  name: string;
  endpoint?: string;
  protocol?: string;
  region?: string;
  accessKey: string;
  secretKey: string;
  dataDir?: string;
  activate?: boolean;
  json?: boolean;
}

function printList(items: readonly Workspace[]): void {
  const cols: Column<Workspace>[] = [
    ['id', 26, (w) => w.id],
    ['name', 20, (w) => w.name],
    ['provider', 13, (w) => w.provider],
    ['endpoint', 34, (w) => w.endpoint ?? '-'],
    ['access key', 22, (w) => w.accessKey ?? '-'],
    ['active', 6, (w) => (w.active ? '*' : '')],
  ];
  writeTable(cols, items);
}

export function register(program: Command): void {
  const ws = program.command('workspaces').description('saved platform connections (our platform API or Alibaba Cloud 号码认证服务)');
  ws.command('add')
    .description('save a connection with its own database')
    .option('--provider <provider>', `${providers.join(' | ')}`, 'onetap')
    .requiredOption('--name <name>', 'workspace name')
    .option('--endpoint <endpoint>', 'onetap: platform URL; aliyun-dypns: HOST[:PORT] (default dypnsapi.aliyuncs.com)')
    .option('--protocol <protocol>', 'aliyun-dypns: http | https (default https)')
    .option('--region <id>', 'aliyun-dypns: region id, e.g. cn-hangzhou')
    .requiredOption('--access-key <id>', 'access key id (Alibaba Cloud: of a RAM user)')
    .requiredOption('--secret-key <key>', 'secret (sealed by the OS keychain in the desktop app; memory only here)')
    .option('--activate', 'switch to it')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--json', 'machine-readable output')
    .action(async (o: AddFlags) => {
      if (!(providers as readonly string[]).includes(o.provider))
        throw new UsageError(`--provider must be one of ${providers.join(', ')}, got ${JSON.stringify(o.provider)}`);
      if (o.protocol !== undefined && o.protocol !== 'http' && o.protocol !== 'https')
        throw new UsageError(`--protocol must be http or https, got ${JSON.stringify(o.protocol)}`);
      const out = await withSession(o.dataDir ? { dataDir: o.dataDir } : {}, { db: 'boot' }, (s) =>
        s.call('workspaces.create', {
          name: o.name,
          provider: o.provider,
          ...(o.endpoint !== undefined ? { endpoint: o.endpoint } : {}),
          ...(o.protocol !== undefined ? { protocol: o.protocol } : {}),
          ...(o.region !== undefined ? { region: o.region } : {}),
          accessKey: o.accessKey,
          secretKey: o.secretKey,
          activate: !!o.activate,
        }),
      );
      if (o.json) printJson(out);
      else process.stdout.write(`added ${out.name} (${out.id}, ${out.provider}, ${out.endpoint ?? '-'})\n`);
    });
  ws.command('list')
    .description('every workspace with its provider')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--json', 'machine-readable output')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      const out = await withSession(o.dataDir ? { dataDir: o.dataDir } : {}, { db: 'boot' }, (s) => s.call('workspaces.list', {}));
      if (o.json) printJson(out);
      else printList(out.items);
    });
}
