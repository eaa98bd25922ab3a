/**
 * How every command reaches the services: one set of workspace/connection flags, one way to open
 * --db or boot the services, and every call through `dispatch` (the contract's input check, its
 * error mapping and, under test, its output check), as the Electron and browser doors do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { channelSecretEnv } from '../../shared/alerts/channel-secret-env';
import { ApiError } from '../../shared/contract/errors';
import type { CallName, CallOutput, ParsedInput } from '../../shared/contract';
import type { RunMode } from '../../shared/contract/app';
import type { Workspace } from '../../shared/contract/workspaces';
import type { BootOptions } from '../main/services/boot';
import type { ServiceContext } from '../main/services/core/context';
import type { PlatformSecret, PlatformSecretProvider } from '../main/services/export/signing-keys';
import type { FileWorkspace, SavedTeamWorkspace } from '../main/services/workspaces/file-workspace';
import { UsageError } from './output';
import { openTeamStore, wantsStore } from './store-flag';

/**
 * The contract's input check (dispatch) is loaded before a command's action runs (`loadInputCheck`,
 * a hook of the program), the services when a session opens: neither for `--help`, so the command
 * line starts without building the contract's schemas or loading the services and the database.
 */
let inputCheck: typeof import('../main/services/core/dispatch') | null = null;
export async function loadInputCheck(): Promise<void> {
  inputCheck ??= await import('../main/services/core/dispatch');
}
function dispatchModule(): typeof import('../main/services/core/dispatch') {
  if (!inputCheck) throw new Error('the contract is not loaded yet: commands run through main() (its preAction hook loads it)');
  return inputCheck;
}

/**
 * The modules a session runs on, loaded when the first one opens. The handlers are the lazy table
 * (each area's services load when one of its calls is made), and booting the services (sync,
 * providers, the platform client) is loaded only by a session that boots (`bootModules`).
 */
async function sessionModules() {
  const [createContext, dataDir, dispatch, handlers, fileWorkspace] = await Promise.all([
    import('../main/services/core/create-context'),
    import('../main/services/core/data-dir'),
    import('../main/services/core/dispatch'),
    import('../main/services/lazy-handlers'),
    import('../main/services/workspaces/file-workspace'),
  ]);
  inputCheck ??= dispatch;
  return {
    createContext: createContext.createContext,
    defaultDataDir: dataDir.defaultDataDir,
    dispatchCall: dispatch.dispatchCall,
    handlers: handlers.lazyHandlers,
    openFileWorkspace: fileWorkspace.openFileWorkspace,
    savedWorkspaceFile: fileWorkspace.savedWorkspaceFile,
    savedTeamWorkspace: fileWorkspace.savedTeamWorkspace,
  };
}
type SessionModules = Awaited<ReturnType<typeof sessionModules>>;

/** What a session that boots the services needs besides. */
async function bootModules() {
  const [boot, signingKeys] = await Promise.all([import('../main/services/boot'), import('../main/services/export/signing-keys')]);
  return { bootServices: boot.bootServices, EXPORT_PLATFORM_SECRET_EXTENSION: signingKeys.EXPORT_PLATFORM_SECRET_EXTENSION };
}
export interface ConnectionFlags {
  endpoint?: string;
  accessKey?: string;
  secretKey?: string;
  secretKeyFile?: string;
}

/**
 * The secret key options of every command that connects. A secret on the command line is seen by
 * every local user (ps, /proc/PID/cmdline), so the help steers to the environment or a file.
 */
export const SECRET_KEY_OPTION = [
  '--secret-key <key>',
  'platform secret key; visible to other users in ps: prefer ONETAP_SECRET_KEY or --secret-key-file (never stored)',
] as const;
export const SECRET_KEY_FILE_OPTION = [
  '--secret-key-file <file>',
  'read the platform secret key from a file (first line), or - for standard input (preferred over --secret-key)',
] as const;

const stdinSecret = new WeakMap<ConnectionFlags, string>();

/** The secret key from --secret-key-file (a file, or - for stdin), --secret-key, or ONETAP_SECRET_KEY: the one place it is read. */
export function secretKeyFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = flags.secretKeyFile;
  if (file === undefined) return flags.secretKey ?? env.ONETAP_SECRET_KEY;
  if (flags.secretKey !== undefined) throw new UsageError('give --secret-key or --secret-key-file, not both');
  let text = stdinSecret.get(flags);
  if (text === undefined) {
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (e) {
      throw new UsageError(`--secret-key-file: cannot read ${file === '-' ? 'standard input' : file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // Standard input can be read once: later callers get the same secret.
    stdinSecret.set(flags, text);
  }
  const secret = text.split(/\r?\n/)[0]!.trim();
  if (!secret) throw new UsageError(`--secret-key-file: ${file === '-' ? 'standard input' : file} holds no secret key`);
  return secret;
}

export interface WorkspaceFlags extends ConnectionFlags {
  db?: string;
  /**
   * A saved workspace by id or name, for this command only (the saved active one is put back after).
   * A secret key given with it (flag, file or ONETAP_SECRET_KEY) is that workspace's, for this run:
   * secrets are kept in memory outside Electron, so a saved workspace's is given again.
   */
  workspace?: string;
  dataDir?: string;
  /** A team store (postgresql://…) instead of --db; only the commands that read it take it (store-flag.ts). */
  store?: string;
  storePasswordFile?: string;
}

/** A saved workspace on the reading commands that take --store (a team store workspace is read in its store, as --store does). */
export const WORKSPACE_OPTION = ['--workspace <name|id>', 'a saved workspace, for this command only (a team store workspace: read in its store)'] as const;

/** The team store options, beside --db on every command that reads a workspace. */
export const STORE_OPTION = [
  '--store <url>',
  'team store instead of --db: postgresql://USER@HOST[:PORT]/DB (password from PGPASSWORD or --store-password-file)',
] as const;
export const STORE_PASSWORD_FILE_OPTION = ['--store-password-file <file>', 'read the team store password from a file (first line)'] as const;

/** The workspace and connection flags every command that reaches the services takes. */
export function workspaceOptions(cmd: Command, help: { db?: string; endpoint?: string; accessKey?: string } = {}): Command {
  return cmd
    .option('--db <file>', help.db ?? 'workspace database file (else the active workspace)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--endpoint <url>', help.endpoint ?? 'platform endpoint (else ONETAP_ENDPOINT, else the saved workspace or the demo)')
    .option('--access-key <id>', help.accessKey ?? 'platform access key id (else ONETAP_ACCESS_KEY)')
    .option(...SECRET_KEY_OPTION)
    .option(...SECRET_KEY_FILE_OPTION)
    .option(...STORE_OPTION)
    .option(...STORE_PASSWORD_FILE_OPTION);
}

/** Connection from flags, else ONETAP_ENDPOINT / ONETAP_ACCESS_KEY / ONETAP_SECRET_KEY; all three or none. */
export function connectionFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): BootOptions['connection'] {
  const endpoint = flags.endpoint ?? env.ONETAP_ENDPOINT;
  const accessKey = flags.accessKey ?? env.ONETAP_ACCESS_KEY;
  const secretKey = secretKeyFrom(flags, env);
  const given = [endpoint, accessKey, secretKey].filter(Boolean).length;
  if (given === 0) return undefined;
  if (given !== 3) throw new UsageError('a connection needs --endpoint, --access-key and --secret-key (or the ONETAP_* environment) together');
  return { endpoint: endpoint!, accessKey: accessKey!, secretKey: secretKey! };
}

/** The platform key pair from flags or the environment (signing exports): both parts or neither. */
export function signingSecretFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): PlatformSecret | null {
  const accessKey = flags.accessKey ?? env.ONETAP_ACCESS_KEY;
  const secretKey = secretKeyFrom(flags, env);
  if (!accessKey && !secretKey) return null;
  if (!accessKey || !secretKey) throw new UsageError('signing needs --access-key and --secret-key together (or ONETAP_ACCESS_KEY and ONETAP_SECRET_KEY)');
  return { accessKey, secretKey };
}

/** `filter.operator` → `--operator`, `status.0` → `--status`, `packageRemaining` → `--package-remaining`. */
const flagName = (path: string): string => `--${(path.split('.').find((p) => p !== 'filter') ?? path).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * The contract's input check (the same `parseCallInput` as dispatch), run before anything starts
 * and reporting flags by name.
 */
export async function parseFlags<N extends CallName>(name: N, raw: unknown): Promise<ParsedInput<N>> {
  try {
    return await dispatchModule().parseCallInput(name, raw);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'INVALID_INPUT' || !e.fields) throw e;
    const fields: Record<string, string> = {};
    for (const [path, message] of Object.entries(e.fields)) fields[path === '(input)' ? path : flagName(path)] ??= message;
    throw new ApiError(
      'INVALID_INPUT',
      `invalid flags — ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
      { fields },
    );
  }
}

export interface CliSession {
  ctx: ServiceContext;
  /** The saved workspace --workspace chose (active for this session), or null without the flag. */
  workspace: Workspace | null;
  /** A contract call through `dispatch`. */
  call<N extends CallName>(name: N, input: unknown, signal?: AbortSignal): Promise<CallOutput<N>>;
  close(): Promise<void>;
}

export interface SessionOptions {
  mode?: RunMode;
  /**
   * What --db means: 'offline' opens the file alone, without a platform (the reading commands);
   * 'boot' starts the services with the file as this session's workspace (sync, serve).
   */
  db: 'offline' | 'boot';
  /**
   * Without --db: boot the saved active workspace (or the demo); use an empty in-memory one (bill
   * quote); open the saved workspace's file (--workspace, else the active one) offline, starting
   * nothing (alerts: local data only); or open no workspace at all (alert channels).
   */
  withoutDb?: 'boot' | 'empty' | 'saved' | 'none';
  /** Offline: the console database in memory (one-shot reads, the default) or the data folder's (alert channels and settings). */
  consoleDb?: 'memory' | 'data-dir';
  backgroundSync?: boolean;
  /** A platform key pair from flags, offered for signing exports. */
  signing?: PlatformSecret | null;
  /**
   * This command reads a team store with --store (offline only): the session's workspace is the
   * team store's (workspace-snapshot.ts), and every call still goes through dispatch. Commands
   * without it refuse --store by name.
   */
  teamStore?: string;
  /**
   * This command administers the team store named by --store (the store.* contract calls): the
   * store is opened (migrated first when `write`: the writer's and migrate's sessions) and
   * registered for those calls, with no workspace; `platform` is the connection a writer syncs from.
   */
  teamStoreAdmin?: { command: string; write: boolean; platform?: BootOptions['connection'] };
  /**
   * Host the alerts service (alerts.* calls) on this offline session, as boot does for the doors
   * that stay up; channel secrets the CLI cannot open come from ONETAP_ALERT_SECRET_<NAME>.
   */
  alerts?: boolean;
  /** Why this command does not take --store, said instead of the generic refusal (what to use instead). */
  teamStoreRefusal?: string;
  /**
   * This command refuses --store but reads a saved team workspace (--workspace, else the active
   * one) as the reading commands do: what it reads is the console's own state of it (alerts list).
   */
  teamWorkspace?: string;
}

export async function openSession(flags: WorkspaceFlags, opts: SessionOptions): Promise<CliSession> {
  const m = await sessionModules();
  const { createContext, openFileWorkspace, dispatchCall, handlers } = m;
  const mode = opts.mode ?? 'cli';
  const dataDir = flags.dataDir ?? m.defaultDataDir();
  const signing = opts.signing ?? null;
  if (opts.teamStoreAdmin) return openStoreAdminSession(m, flags, opts.teamStoreAdmin, mode, dataDir);
  if (flags.db !== undefined && flags.workspace !== undefined) throw new UsageError('give --db or --workspace, not both');
  const team = teamWorkspaceFor(m, flags, opts, dataDir);
  if (team) {
    // A team workspace is read in its store, as --store does, with the console's own state of it.
    const command = opts.teamStore ?? opts.teamWorkspace;
    if (command === undefined) throw new UsageError(teamWorkspaceRefusal(team, opts.teamStoreRefusal));
    return openStoreSession(
      m,
      { ...flags, workspace: undefined, store: team.url },
      command,
      mode,
      dataDir,
      signing,
      opts.alerts === true,
      team,
      opts.consoleDb,
    );
  }
  if (flags.store !== undefined || flags.storePasswordFile !== undefined) {
    if (opts.teamStoreRefusal !== undefined) refuseTeamStore(flags, opts.teamStoreRefusal);
    if (opts.teamStore === undefined || opts.db !== 'offline')
      throw new UsageError(`--store: this command does not read a team store yet (${TEAM_STORE_COMMANDS.join(', ')} do); give --db FILE`);
    wantsStore(flags);
    return openStoreSession(m, flags, opts.teamStore, mode, dataDir, signing, opts.alerts === true, null);
  }
  const offline =
    flags.db !== undefined
      ? opts.db === 'offline'
      : opts.withoutDb === 'saved' || opts.withoutDb === 'none' || (flags.workspace === undefined && opts.withoutDb === 'empty');
  if (flags.db !== undefined && !existsSync(flags.db) && offline) throw new UsageError(`--db: no such file: ${flags.db}`);
  let ctx: ServiceContext;
  let shutdown: () => Promise<void>;
  let workspace: Workspace | null = null;
  if (offline) {
    ctx = createContext({ mode, dataDir, inMemory: opts.consoleDb !== 'data-dir' });
    let file: FileWorkspace | null = null;
    try {
      if (flags.db !== undefined || opts.withoutDb === 'empty') file = openFileWorkspace(ctx, flags.db ?? null, signing);
      else if (opts.withoutDb === 'saved') file = openSavedFile(m, ctx, flags.workspace ?? null, signing);
    } catch (e) {
      ctx.consoleDb.close();
      throw e;
    }
    shutdown = async () => file?.close();
  } else {
    // With --workspace the saved workspace is the connection; a secret key given with it is its own.
    const connection = flags.workspace === undefined ? connectionFrom(flags) : undefined;
    const b = await bootModules();
    ctx = createContext({ mode, dataDir });
    const booted = await b.bootServices(ctx, {
      ...(flags.db !== undefined ? { dbFile: flags.db } : {}),
      ...(connection ? { connection } : {}),
      backgroundSync: opts.backgroundSync ?? false,
    });
    if (signing) {
      const fromBoot = ctx.extensions.get(b.EXPORT_PLATFORM_SECRET_EXTENSION);
      // The flags' secret signs for the workspace of that access key (or one without a key of its own).
      const fromFlags: PlatformSecretProvider = (ws) => (ws.accessKey === null || ws.accessKey === signing.accessKey ? signing : (fromBoot?.(ws) ?? null));
      ctx.extensions.set(b.EXPORT_PLATFORM_SECRET_EXTENSION, fromFlags);
    }
    shutdown = () => booted.shutdown();
    if (flags.workspace !== undefined) {
      try {
        const chosen = await activateForCommand(m, ctx, flags.workspace, secretKeyFrom(flags));
        const restore = chosen.restore;
        workspace = chosen.workspace;
        const stop = shutdown;
        shutdown = async () => {
          await restore().catch(() => undefined);
          await stop();
        };
      } catch (e) {
        await shutdown();
        ctx.consoleDb.close();
        throw e;
      }
    }
  }
  if (opts.alerts) {
    try {
      const stop = shutdown;
      const stopAlerts = await hostAlerts(ctx, flags.store !== undefined);
      shutdown = async () => {
        await stopAlerts();
        await stop();
      };
    } catch (e) {
      await shutdown();
      ctx.consoleDb.close();
      throw e;
    }
  }
  const session = ctx;
  return {
    ctx: session,
    workspace,
    call: (name, input, signal) => dispatchCall(handlers, session, name, input, signal),
    async close() {
      await shutdown();
      session.consoleDb.close();
    },
  };
}

/**
 * The saved team workspace this command would read, if any: the one --workspace names, or without
 * --workspace, --db, --store and a connection, the saved active one (what the console shows) for
 * a command that reads a workspace. Found in the data folder's console database.
 */
function teamWorkspaceFor(m: SessionModules, flags: WorkspaceFlags, opts: SessionOptions, dataDir: string): SavedTeamWorkspace | null {
  if (flags.db !== undefined || flags.store !== undefined) return null;
  if (flags.workspace !== undefined) return m.savedTeamWorkspace(dataDir, flags.workspace);
  if ((opts.teamStore ?? opts.teamWorkspace) === undefined || opts.withoutDb === 'empty' || opts.withoutDb === 'none') return null;
  if (flags.endpoint || process.env.ONETAP_ENDPOINT) return null;
  return m.savedTeamWorkspace(dataDir, null);
}

/** Why a command that does not read a team store refuses a team workspace, and what to use instead. */
function teamWorkspaceRefusal(team: SavedTeamWorkspace, reason: string | undefined): string {
  return (
    `workspace ${JSON.stringify(team.name)} is a team store (${team.url}): ${reason ?? 'this command does not read a team store'}; ` +
    `nothing was changed. The commands that read one take --workspace ${JSON.stringify(team.name)} or --store ${team.url} ` +
    `(${TEAM_STORE_COMMANDS.filter((c) => !c.startsWith('store ') && !c.startsWith('archive ') && c !== 'sync').join(', ')}); ` +
    `the team's writer syncs it with onetap sync --store and archives its months with onetap archive --store`
  );
}

/**
 * The alerts service on an offline session (loaded when a command asks for it); returns how to stop it.
 * On a --store session's working copy nothing is announced: the copy has no memory of earlier
 * firings, so every run would announce every open alert again. A saved team workspace's session
 * has that memory (its local state file, shared with the console): it announces as the console does.
 */
async function hostAlerts(ctx: ServiceContext, onTeamStore: boolean): Promise<() => Promise<void>> {
  const { ALERTS_EXTENSION, AlertsService } = await import('../main/services/alerts/service');
  const svc = new AlertsService(ctx, { secretFor: (name) => process.env[channelSecretEnv(name)], ...(onTeamStore ? { notify: false } : {}) });
  ctx.extensions.set(ALERTS_EXTENSION, svc);
  return () => svc.stop();
}

/**
 * A session administering a team store: no workspace, the store opened by --store (as its writer
 * when `write`) and registered for the store.* calls (team-store/admin-access.ts).
 */
async function openStoreAdminSession(
  m: SessionModules,
  flags: WorkspaceFlags,
  admin: NonNullable<SessionOptions['teamStoreAdmin']>,
  mode: RunMode,
  dataDir: string,
): Promise<CliSession> {
  const { createContext, dispatchCall, handlers } = m;
  const { TEAM_STORE_EXTENSION } = await import('../main/services/team-store/admin-access');
  const { store, display } = await openTeamStore(flags, { write: admin.write, command: admin.command });
  const ctx = createContext({ mode, dataDir, inMemory: true });
  ctx.extensions.set(TEAM_STORE_EXTENSION, {
    store,
    display,
    writer: `onetap ${admin.command} (${hostname()} pid ${process.pid})`,
    platform: admin.platform ?? null,
  });
  return {
    ctx,
    workspace: null,
    call: (name, input, signal) => dispatchCall(handlers, ctx, name, input, signal),
    async close() {
      ctx.consoleDb.close();
      await store.close();
    },
  };
}

/** A command that does not take --store says why (and what to use instead), before anything is opened or changed. */
export function refuseTeamStore(flags: WorkspaceFlags, reason: string): void {
  if (flags.store !== undefined || flags.storePasswordFile !== undefined) throw new UsageError(`--store: ${reason}; nothing was changed`);
}

/** The commands that take --store (named in the refusal of every other one). */
export const TEAM_STORE_COMMANDS = [
  'sync',
  'records search',
  'records get',
  'apps list',
  'bill month',
  'bill statement',
  'bill export',
  'bill quote',
  'reconcile',
  'export records',
  'export verify',
  'triage',
  'alerts check',
  'store migrate',
  'store status',
  'archive list',
  'archive create',
  'archive import',
  'archive verify',
] as const;

/**
 * A session on a team store: the store opened as a reader, its workspace tables loaded into an
 * in-memory working copy registered as the session's workspace, raw records read in PostgreSQL.
 */
async function openStoreSession(
  m: SessionModules,
  flags: WorkspaceFlags,
  command: string,
  mode: RunMode,
  dataDir: string,
  signing: PlatformSecret | null,
  alerts: boolean,
  /** A saved team workspace (--workspace): its name, and its local state attached to the working copy. */
  team: SavedTeamWorkspace | null,
  /** For a saved team workspace: the data folder's console database (its alert channels, settings) or one in memory. */
  consoleDb: SessionOptions['consoleDb'] = 'memory',
): Promise<CliSession> {
  const { createContext, openFileWorkspace, dispatchCall, handlers } = m;
  const [{ loadExportHistory, loadWorkspaceSnapshot }, localState] = await Promise.all([
    import('../main/services/team-store/workspace-snapshot'),
    import('../main/services/team-store/local-state'),
  ]);
  const { store, display } = await openTeamStore(flags, { write: false, command, ...(team ? { workspace: team.name } : {}) });
  const ctx = createContext({ mode, dataDir, inMemory: team === null || consoleDb !== 'data-dir' });
  let file: FileWorkspace | null = null;
  let stopAlerts: (() => Promise<void>) | null = null;
  try {
    if (team) localState.prepareLocalState(team.localFile);
    const copy = team ? localState.openWorkingCopy(team.localFile) : null;
    file = openFileWorkspace(ctx, null, signing, team ? { id: team.id, name: team.name } : { id: `store:${display}`, name: display }, copy);
    await loadWorkspaceSnapshot(store, file.workspace.db);
    await loadExportHistory(store, file.workspace.db);
    file.workspace.teamStore = store;
    if (alerts) stopAlerts = await hostAlerts(ctx, team === null);
  } catch (e) {
    file?.close();
    ctx.consoleDb.close();
    await store.close();
    throw e;
  }
  const opened = file;
  return {
    ctx,
    workspace: null,
    call: (name, input, signal) => dispatchCall(handlers, ctx, name, input, signal),
    async close() {
      await stopAlerts?.();
      opened.close();
      ctx.consoleDb.close();
      await store.close();
    },
  };
}

/** The saved workspace's file (--workspace, else the active one), opened offline as the session's workspace. */
function openSavedFile(m: SessionModules, ctx: ServiceContext, wanted: string | null, signing: PlatformSecret | null): FileWorkspace {
  const saved = m.savedWorkspaceFile(ctx, wanted);
  if (!saved) throw new UsageError(`--workspace: no workspace ${wanted === null ? 'is active' : JSON.stringify(wanted)} (see the workspaces in Settings)`);
  if (!existsSync(saved.file)) throw new UsageError(`workspace ${saved.name} has no data yet: run onetap sync first`);
  return m.openFileWorkspace(ctx, saved.file, signing, saved);
}

/**
 * Makes the workspace named by --workspace (id, then name) the active one, with the secret key
 * given for it; returns it and how to put the saved active one back.
 */
async function activateForCommand(
  { dispatchCall, handlers }: SessionModules,
  ctx: ServiceContext,
  wanted: string,
  secretKey: string | undefined,
): Promise<{ workspace: Workspace; restore: () => Promise<void> }> {
  let target = await dispatchCall(handlers, ctx, 'workspaces.resolve', { nameOrId: wanted });
  if (secretKey && target.kind === 'remote') target = await dispatchCall(handlers, ctx, 'workspaces.update', { id: target.id, secretKey });
  const { activeId } = await dispatchCall(handlers, ctx, 'workspaces.list', {});
  if (target.id === activeId) return { workspace: target, restore: async () => undefined };
  const workspace = await dispatchCall(handlers, ctx, 'workspaces.activate', { id: target.id });
  return {
    workspace,
    restore: async () => {
      await dispatchCall(handlers, ctx, 'workspaces.activate', { id: activeId });
    },
  };
}

/** Runs `fn` with a session, closing it whatever happens. */
export async function withSession<T>(flags: WorkspaceFlags, opts: SessionOptions, fn: (session: CliSession) => Promise<T>): Promise<T> {
  const session = await openSession(flags, opts);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
