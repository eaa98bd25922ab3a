/**
 * apps (the latest version of each app) and app_versions (every version sync has seen: the
 * change history). The platform orders apps by a platform-wide change counter, so an incoming
 * app whose version is not newer than the stored one is already known and changes nothing.
 */
import type { PlatformApp } from '../../../../shared/platform/schemas';
import { parseIsoInstant } from '../../../../shared/time/shanghai';
import type { SecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import { sealAppKey } from './app-keys';

export interface AppsWriter {
  /** Stores newer versions; returns how many apps changed. Call inside a transaction. */
  upsert(apps: readonly PlatformApp[], seenAt: number): number;
}

/** The app as stored in apps.data / app_versions.data: everything but the appKey. */
export function storedAppJson(app: PlatformApp): string {
  const { appKey: _appKey, ...rest } = app;
  return JSON.stringify(rest);
}

export function appsWriter(db: Db, secrets: SecretStore): AppsWriter {
  const current = db.prepare('SELECT version FROM apps WHERE id = ?').pluck();
  const history = db.prepare('INSERT INTO app_versions (id, version, seen_at, data) VALUES (?, ?, ?, ?) ON CONFLICT(id, version) DO NOTHING');
  const upsert = db.prepare(`INSERT INTO apps (id, app_id, name, platform, status, version, created_at, updated_at, data, app_key_sealed)
    VALUES (@id, @appId, @name, @platform, @status, @version, @createdAt, @updatedAt, @data, @sealed)
    ON CONFLICT(id) DO UPDATE SET app_id = excluded.app_id, name = excluded.name, platform = excluded.platform,
      status = excluded.status, version = excluded.version, created_at = excluded.created_at, updated_at = excluded.updated_at,
      data = excluded.data, app_key_sealed = excluded.app_key_sealed
    WHERE excluded.version > apps.version`);
  return {
    upsert(apps, seenAt) {
      let written = 0;
      for (const app of apps) {
        const have = current.get(app.id) as number | undefined;
        if (have !== undefined && have >= app.version) continue;
        const data = storedAppJson(app);
        history.run(app.id, app.version, seenAt, data);
        upsert.run({
          id: app.id,
          appId: app.appId,
          name: app.name,
          platform: app.platform,
          status: app.status,
          version: app.version,
          createdAt: parseIsoInstant(app.createdAt),
          updatedAt: parseIsoInstant(app.updatedAt),
          data,
          sealed: sealAppKey(db, secrets, app.id, app.appKey),
        });
        written++;
      }
      return written;
    },
  };
}

/** One row of app_versions: an app as sync saw it at one version (data: the stored app JSON). */
export interface AppVersionRow {
  id: string;
  version: number;
  seenAt: number;
  data: string;
}

export interface AppsRepo {
  /** Earliest app creation instant, or null when there are no apps: no record can be older. */
  earliestCreatedAt(): number | null;
  /** Every version of every app seen, by app and version. */
  versions(): AppVersionRow[];
}

export function appsRepo(db: Db): AppsRepo {
  const earliest = db.prepare('SELECT min(created_at) FROM apps').pluck();
  const versions = db.prepare('SELECT id, version, seen_at AS seenAt, data FROM app_versions ORDER BY id, version');
  return { earliestCreatedAt: () => (earliest.get() as number | null) ?? null, versions: () => versions.all() as AppVersionRow[] };
}
