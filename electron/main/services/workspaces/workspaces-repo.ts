/**
 * The `workspaces` table of the console database, and which one is active. The secret key is
 * stored only sealed (safeStorage); with a store that cannot persist, secret_sealed stays NULL.
 */
import type { Provider } from '../../../../shared/providers/capabilities';
import type { Db } from '../db/open';

export interface WorkspaceRow {
  id: string;
  name: string;
  /** team: a team store; endpoint holds its postgresql:// URL (never a password), secret_sealed its password. */
  kind: 'demo' | 'remote' | 'team';
  provider: Provider;
  /** aliyun-dypns: http | https (the onetap endpoint is a URL that says it). */
  protocol: 'http' | 'https' | null;
  region: string | null;
  endpoint: string | null;
  accessKey: string | null;
  secretSealed: string | null;
  dbFile: string;
  createdAt: number;
  updatedAt: number;
}

/** Key of the active workspace id in the console's settings table (not a user setting: settings.get does not return it). */
export const ACTIVE_KEY = 'workspaces.activeId';

const COLUMNS = `id, name, kind, provider, protocol, region, endpoint, access_key AS accessKey, secret_sealed AS secretSealed, db_file AS dbFile,
  created_at AS createdAt, updated_at AS updatedAt`;

export function workspacesRepo(db: Db) {
  return {
    all(): WorkspaceRow[] {
      return db.prepare(`SELECT ${COLUMNS} FROM workspaces ORDER BY kind = 'demo' DESC, created_at, id`).all() as WorkspaceRow[];
    },
    get(id: string): WorkspaceRow | null {
      return (db.prepare(`SELECT ${COLUMNS} FROM workspaces WHERE id = ?`).get(id) as WorkspaceRow | undefined) ?? null;
    },
    findConnection(endpoint: string, accessKey: string): WorkspaceRow | null {
      return (
        (db.prepare(`SELECT ${COLUMNS} FROM workspaces WHERE endpoint = ? AND access_key = ? ORDER BY created_at LIMIT 1`).get(endpoint, accessKey) as
          WorkspaceRow | undefined) ?? null
      );
    },
    insert(w: WorkspaceRow): void {
      db.prepare(
        `INSERT INTO workspaces (id, name, kind, provider, protocol, region, endpoint, access_key, secret_sealed, db_file, created_at, updated_at)
         VALUES (@id, @name, @kind, @provider, @protocol, @region, @endpoint, @accessKey, @secretSealed, @dbFile, @createdAt, @updatedAt)`,
      ).run(w);
    },
    update(w: WorkspaceRow): void {
      db.prepare(
        `UPDATE workspaces SET name = @name, protocol = @protocol, region = @region, endpoint = @endpoint, access_key = @accessKey, secret_sealed = @secretSealed, updated_at = @updatedAt WHERE id = @id`,
      ).run(w);
    },
    remove(id: string): void {
      db.prepare('DELETE FROM workspaces WHERE id = ?').run(id);
    },
    activeId(): string | null {
      const v = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(ACTIVE_KEY) as string | undefined;
      if (v === undefined) return null;
      try {
        const id = JSON.parse(v) as unknown;
        return typeof id === 'string' ? id : null;
      } catch {
        return null;
      }
    },
    setActiveId(id: string): void {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(ACTIVE_KEY, JSON.stringify(id));
    },
  };
}
export type WorkspacesRepo = ReturnType<typeof workspacesRepo>;
