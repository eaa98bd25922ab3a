/**
 * Read side of the apps area over what sync stored: apps (latest version of each app),
 * app_versions (every version seen) and activities. Writes to those tables belong to sync.
 */
import { nameKey } from '../../../../shared/apps/validation';
import type { AppStatus } from '../../../../shared/platform/domain';
import type { PlatformApp } from '../../../../shared/platform/schemas';
import type { Db } from '../db/open';

/** The App as stored: the platform's JSON without the appKey. */
export type StoredAppData = Omit<PlatformApp, 'appKey'>;

export interface StoredApp {
  data: StoredAppData;
  status: AppStatus;
  version: number;
  createdAt: number;
  updatedAt: number;
  /** A sealed key column is set (the key may still be unavailable in this process). */
  keySealed: boolean;
}

export interface StoredVersion {
  version: number;
  seenAt: number;
  data: StoredAppData;
}

export interface StoredActivity {
  seq: number;
  at: number;
  kind: string;
  detail: string;
}

interface AppRowDb {
  data: string;
  status: AppStatus;
  version: number;
  created_at: number;
  updated_at: number;
  sealed: number;
}

function toStored(r: AppRowDb): StoredApp {
  return {
    data: JSON.parse(r.data) as StoredAppData,
    status: r.status,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    keySealed: r.sealed === 1,
  };
}

const APP_COLUMNS = 'data, status, version, created_at, updated_at, app_key_sealed IS NOT NULL AS sealed';

export function appsQuery(db: Db) {
  return {
    all(includeDeleted: boolean): StoredApp[] {
      const sql = `SELECT ${APP_COLUMNS} FROM apps ${includeDeleted ? '' : "WHERE status <> 'deleted'"} ORDER BY created_at DESC, id`;
      return (db.prepare(sql).all() as AppRowDb[]).map(toStored);
    },

    get(id: string): StoredApp | null {
      const r = db.prepare(`SELECT ${APP_COLUMNS} FROM apps WHERE id = ?`).get(id) as AppRowDb | undefined;
      return r ? toStored(r) : null;
    },

    /** Finds an app by platform id or by issued appId. */
    resolve(ref: string): StoredApp | null {
      return (
        this.get(ref) ??
        (() => {
          const r = db.prepare(`SELECT ${APP_COLUMNS} FROM apps WHERE app_id = ? ORDER BY version DESC LIMIT 1`).get(ref) as AppRowDb | undefined;
          return r ? toStored(r) : null;
        })()
      );
    },

    /** nameKeys of live apps, except one app (the one being modified). */
    liveNameKeys(exceptId?: string): Set<string> {
      const rows = db.prepare("SELECT id, name FROM apps WHERE status <> 'deleted'").all() as { id: string; name: string }[];
      return new Set(rows.filter((r) => r.id !== exceptId).map((r) => nameKey(r.name)));
    },

    versions(id: string): StoredVersion[] {
      const rows = db.prepare('SELECT version, seen_at AS seenAt, data FROM app_versions WHERE id = ? ORDER BY version').all(id) as {
        version: number;
        seenAt: number;
        data: string;
      }[];
      return rows.map((r) => ({ version: r.version, seenAt: r.seenAt, data: JSON.parse(r.data) as StoredAppData }));
    },

    /** Versions of many apps at once (for the list's review age), grouped by app. */
    versionsOf(ids: readonly string[]): Map<string, StoredVersion[]> {
      const out = new Map<string, StoredVersion[]>();
      if (ids.length === 0) return out;
      const stmt = db.prepare('SELECT version, seen_at AS seenAt, data FROM app_versions WHERE id = ? ORDER BY version');
      for (const id of ids) {
        const rows = stmt.all(id) as { version: number; seenAt: number; data: string }[];
        out.set(
          id,
          rows.map((r) => ({ version: r.version, seenAt: r.seenAt, data: JSON.parse(r.data) as StoredAppData })),
        );
      }
      return out;
    },

    activities(id: string): StoredActivity[] {
      return db.prepare('SELECT seq, at, kind, detail FROM activities WHERE id = ? ORDER BY seq').all(id) as StoredActivity[];
    },

    activitiesOf(ids: readonly string[]): Map<string, StoredActivity[]> {
      const out = new Map<string, StoredActivity[]>();
      const stmt = db.prepare('SELECT seq, at, kind, detail FROM activities WHERE id = ? ORDER BY seq');
      for (const id of ids) out.set(id, stmt.all(id) as StoredActivity[]);
      return out;
    },
  };
}
export type AppsQuery = ReturnType<typeof appsQuery>;
