/**
 * A workspace database file opened on its own and offline (no platform connection, role not
 * known): what the CLI's reading commands use for --db, so they answer through the same
 * handlers as every door without starting the demo or asking for a connection. Without a
 * file, an empty in-memory workspace (the built-in price book, no data).
 */
import { basename, extname, join, resolve } from 'node:path';
import type { ServiceContext } from '../core/context';
import { demoPlatformSecret } from '../export/demo-secret';
import { EXPORT_PLATFORM_SECRET_EXTENSION, type PlatformSecret, type PlatformSecretProvider } from '../export/signing-keys';
import { WORKSPACES_EXTENSION, type ActiveWorkspace, type WorkspaceRegistry } from './active';
import { openWorkspaceDatabase } from './open-workspace-db';
import { DEMO_ID } from './demo-ids';
import { workspacesRepo } from './workspaces-repo';

export interface FileWorkspace {
  workspace: ActiveWorkspace;
  close(): void;
}

/**
 * Registers `file` (or an empty in-memory workspace when null) as the active workspace of `ctx`.
 * `secret` is the platform key pair the session was given, for signing exports; without one a
 * demo-synced file signs with the demo's own keys.
 */
export function openFileWorkspace(
  ctx: ServiceContext,
  file: string | null,
  secret: PlatformSecret | null,
  saved: { id: string; name: string } | null = null,
): FileWorkspace {
  const db = openWorkspaceDatabase(file === null ? ':memory:' : resolve(file));
  const name = saved?.name ?? (file === null ? 'memory' : basename(file, extname(file)));
  const workspace: ActiveWorkspace = {
    id: saved?.id ?? `file:${name}`,
    name,
    kind: 'remote',
    db,
    accessKey: secret?.accessKey ?? demoPlatformSecret(db, null)?.accessKey ?? null,
    role: null,
    platform: null,
  };
  const registry: WorkspaceRegistry = { active: () => workspace };
  ctx.extensions.set(WORKSPACES_EXTENSION, registry);
  if (secret) {
    const provider: PlatformSecretProvider = () => secret;
    ctx.extensions.set(EXPORT_PLATFORM_SECRET_EXTENSION, provider);
  }
  return {
    workspace,
    close() {
      ctx.extensions.delete(WORKSPACES_EXTENSION);
      ctx.extensions.delete(EXPORT_PLATFORM_SECRET_EXTENSION);
      db.close();
    },
  };
}

/**
 * A saved workspace's database file, found by id or name (else the saved active one, else the
 * demo) in the console database without starting anything: for commands that read local data
 * only. Null when no saved workspace matches.
 */
export function savedWorkspaceFile(ctx: ServiceContext, nameOrId: string | null): { id: string; name: string; file: string } | null {
  const repo = workspacesRepo(ctx.consoleDb);
  const wanted = nameOrId ?? repo.activeId() ?? DEMO_ID;
  const rows = repo.all();
  const row = rows.find((w) => w.id === wanted) ?? rows.find((w) => w.name === wanted);
  return row ? { id: row.id, name: row.name, file: resolve(join(ctx.dataDir, 'workspaces'), row.dbFile) } : null;
}
