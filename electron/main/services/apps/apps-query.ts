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
  const live = db.prepare<[], AppRowDb>(`SELECT ${APP_COLUMNS} FROM apps WHERE status <> 'deleted' ORDER BY created_at DESC, id`);
  const every = db.prepare<[], AppRowDb>(`SELECT ${APP_COLUMNS} FROM apps ORDER BY created_at DESC, id`);
  const byId = db.prepare<[string], AppRowDb>(`SELECT ${APP_COLUMNS} FROM apps WHERE id = ?`);
  const byAppId = db.prepare<[string], AppRowDb>(`SELECT ${APP_COLUMNS} FROM apps WHERE app_id = ? ORDER BY version DESC LIMIT 1`);
  const liveNames = db.prepare<[], { id: string; name: string }>("SELECT id, name FROM apps WHERE status <> 'deleted'");
  const versionRows = db.prepare<[string], { version: number; seenAt: number; data: string }>(
    'SELECT version, seen_at AS seenAt, data FROM app_versions WHERE id = ? ORDER BY version',
  );
  const activityRows = db.prepare<[string], StoredActivity>('SELECT seq, at, kind, detail FROM activities WHERE id = ? ORDER BY seq');
  const versions = (id: string): StoredVersion[] =>
    versionRows.all(id).map((r) => ({ version: r.version, seenAt: r.seenAt, data: JSON.parse(r.data) as StoredAppData }));
  const get = (id: string): StoredApp | null => {
    const r = byId.get(id);
    return r ? toStored(r) : null;
  };
  return {
    all(includeDeleted: boolean): StoredApp[] {
      return (includeDeleted ? every : live).all().map(toStored);
    },

    get,

    /** Finds an app by platform id or by issued appId. */
    resolve(ref: string): StoredApp | null {
      const r = get(ref);
      if (r) return r;
      const issued = byAppId.get(ref);
      return issued ? toStored(issued) : null;
    },

    /** nameKeys of live apps, except one app (the one being modified). */
    liveNameKeys(exceptId?: string): Set<string> {
      return new Set(
        liveNames
          .all()
          .filter((r) => r.id !== exceptId)
          .map((r) => nameKey(r.name)),
      );
    },

    versions,

    /** Versions of many apps at once (for the list's review age), grouped by app. */
    versionsOf(ids: readonly string[]): Map<string, StoredVersion[]> {
      return new Map(ids.map((id) => [id, versions(id)]));
    },

    activities(id: string): StoredActivity[] {
      return activityRows.all(id);
    },

    activitiesOf(ids: readonly string[]): Map<string, StoredActivity[]> {
      return new Map(ids.map((id) => [id, activityRows.all(id)]));
    },
  };
}
export type AppsQuery = ReturnType<typeof appsQuery>;
