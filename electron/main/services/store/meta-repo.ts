/** platform_meta: small facts about the account (pricing, subscription), one JSON value per key. */
import type { Db } from '../db/open';

export interface MetaWriter {
  /** Stores the value when new or changed; returns 1 if written, else 0. */
  put(key: string, value: unknown, fetchedAt: number): number;
}

export interface MetaRepo extends MetaWriter {
  /** The stored value of `key`, or null. */
  get<T>(key: string): T | null;
}

export function metaRepo(db: Db): MetaRepo {
  const get = db.prepare('SELECT value FROM platform_meta WHERE key = ?').pluck();
  const put = db.prepare(`INSERT INTO platform_meta (key, value, fetched_at) VALUES (?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at`);
  return {
    put(key, value, fetchedAt) {
      const json = JSON.stringify(value);
      if (get.get(key) === json) return 0;
      put.run(key, json, fetchedAt);
      return 1;
    },
    get<T>(key: string): T | null {
      const v = get.get(key) as string | undefined;
      return v === undefined ? null : (JSON.parse(v) as T);
    },
  };
}

/** The sync side's view of the repository: writes only. */
export function metaWriter(db: Db): MetaWriter {
  return metaRepo(db);
}
