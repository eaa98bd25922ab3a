/**
 * `onetap`: the command-line door onto the same services as the Electron app and the
 * browser host. Exit 0 ok, 1 failure, 2 usage error.
 *
 * Start-up is kept short: only the module of the command named on the line is loaded (all of
 * them for the top-level help), and the command modules load the services, the contract's
 * schemas and the database driver when their action runs, never for `--help`.
 */
import { Command, CommanderError } from 'commander';
import { appVersion } from '../main/services/core/version';
import { reportError, EXIT_OK } from './output';
import { loadInputCheck } from './session';

type Register = (program: Command) => void;

/** Every top-level command, in the order `onetap --help` lists them, and where its module is. */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<{ register: Register }>]> = [
  ['serve', () => import('./commands/serve')],
  ['emulator', () => import('./commands/emulator')],
  ['sync', () => import('./commands/sync')],
  ['records', () => import('./commands/records')],
  ['bill', () => import('./commands/bill')],
  ['reconcile', () => import('./commands/bill')],
  ['export', () => import('./commands/export')],
  ['apps', () => import('./commands/apps')],
  ['alerts', () => import('./commands/alerts')],
  ['inspect', () => import('./commands/inspect')],
  ['sign', () => import('./commands/sign')],
  ['triage', () => import('./commands/triage')],
  ['backup', () => import('./commands/backup')],
  ['archive', () => import('./commands/archive')],
  ['workspaces', () => import('./commands/workspaces')],
  ['books', () => import('./commands/books')],
  ['store', () => import('./commands/store')],
];

/**
 * The command modules a command line needs: the one it names, or every one (the top-level help,
 * `help CMD`, `--version`, an unknown command and its suggestion).
 */
export async function commandModules(argv: readonly string[] = []): Promise<Register[]> {
  const word = argv.find((a) => !a.startsWith('-'));
  const named = COMMANDS.filter(([name]) => name === word);
  const wanted = named.length ? named : COMMANDS;
  const registers: Register[] = [];
  for (const mod of await Promise.all(wanted.map(([, load]) => load()))) if (!registers.includes(mod.register)) registers.push(mod.register);
  return registers;
}

export function buildProgram(registers: readonly Register[]): Command {
  const program = new Command();
  program
    .name('onetap')
    .description('onetap-console: operations console for carrier one-click login and number verification')
    .version(appVersion(), '-v, --version')
    .showHelpAfterError()
    .exitOverride()
    // Before any action (never for --help): the contract's input check that parseFlags runs.
    .hook('preAction', loadInputCheck);
  for (const register of registers) register(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = buildProgram(await commandModules(argv));
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')) return EXIT_OK;
    return reportError(e, argv.includes('--json'));
  }
}
