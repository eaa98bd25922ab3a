/**
 * `onetap`: the command-line door onto the same services as the Electron app and the
 * browser host. Exit 0 ok, 1 failure, 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { appVersion } from '../main/services/core/version';
import { reportError, EXIT_OK } from './output';
import { register as serve } from './commands/serve';
import { register as emulator } from './commands/emulator';
import { register as sync } from './commands/sync';
import { register as records } from './commands/records';
import { register as bill } from './commands/bill';
import { register as exportCmd } from './commands/export';
import { register as apps } from './commands/apps';
import { register as alerts } from './commands/alerts';
import { register as inspect } from './commands/inspect';
import { register as sign } from './commands/sign';
import { register as triage } from './commands/triage';
import { register as backup } from './commands/backup';
import { register as archive } from './commands/archive';
import { register as workspaces } from './commands/workspaces';
import { register as storeCmd } from './commands/store';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('onetap')
    .description('onetap-console: operations console for carrier one-click login and number verification')
    .version(appVersion(), '-v, --version')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [serve, emulator, sync, records, bill, exportCmd, apps, alerts, inspect, sign, triage, backup, archive, workspaces, storeCmd])
    register(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')) return EXIT_OK;
    return reportError(e, argv.includes('--json'));
  }
}
