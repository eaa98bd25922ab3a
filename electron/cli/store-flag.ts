/**
 * `--store postgresql://…`: the team store in place of `--db FILE`. The writer (sync) and the
 * reading sessions (session.ts, TEAM_STORE_COMMANDS) open it here; every other command refuses
 * the flag in openSession rather than ignore it. The password comes from --store-password-file or PGPASSWORD only.
 */
import { hostname } from 'node:os';
import { ApiError } from '../../shared/contract/errors';
import type { PgStore } from '../main/services/team-store/pg-store';
import { UsageError } from './output';
import type { WorkspaceFlags } from './session';

export interface StoreFlags {
  store?: string;
  storePasswordFile?: string;
}

/** Whether the command was given a team store; checks the flags that cannot go with it. */
export function wantsStore(flags: WorkspaceFlags): boolean {
  if (flags.store === undefined) {
    if (flags.storePasswordFile !== undefined)
      throw new UsageError('--store-password-file goes with --store postgresql://… (or --workspace NAME of a team store)');
    return false;
  }
  if (flags.db !== undefined) throw new UsageError('give --db or --store, not both');
  if (flags.workspace !== undefined) throw new UsageError('give --workspace or --store, not both');
  return true;
}

/**
 * Opens the team store: the writer migrates it, a reader only checks its schema. `workspace`: the
 * saved team workspace it is opened for (--workspace NAME), named in the password hint.
 */
export async function openTeamStore(
  flags: WorkspaceFlags,
  opts: { write: boolean; command: string; workspace?: string },
): Promise<{ store: PgStore; display: string }> {
  // The PostgreSQL client is loaded by the commands that open a store, when they do.
  const [{ storeConnection }, { PgStore }] = await Promise.all([
    import('../main/services/team-store/connection'),
    import('../main/services/team-store/pg-store'),
  ]);
  let conn;
  try {
    conn = storeConnection(flags.store!, { passwordFile: flags.storePasswordFile });
  } catch (e) {
    if (e instanceof ApiError) throw new UsageError(e.message);
    throw e;
  }
  try {
    const store = await PgStore.open({
      config: conn.config,
      migrate: opts.write,
      applicationName: `onetap ${opts.command} (${hostname()} pid ${process.pid})`,
    });
    return { store, display: conn.display };
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const pgCode = (e as { code?: string }).code;
    const hint =
      pgCode === '28P01' || /password/i.test((e as Error).message)
        ? opts.workspace !== undefined
          ? ` (the password workspace ${JSON.stringify(opts.workspace)} keeps is sealed by the desktop app's OS keychain, which the command line cannot open: give it in PGPASSWORD or --store-password-file)`
          : ' (give the password in PGPASSWORD or --store-password-file)'
        : pgCode === '3D000' || pgCode === '42501'
          ? ' (the team\'s DBA sets the store up first: README, "A team store on PostgreSQL")'
          : '';
    throw new ApiError('PLATFORM_UNREACHABLE', `team store ${conn.display}: ${(e as Error).message}${hint}`);
  }
}
