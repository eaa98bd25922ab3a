/** The sealed appKey column of `apps` (app-keys.ts decides what goes in it). */
import type { Db } from '../db/open';

export interface AppKeysRepo {
  /** The sealed appKey of app `id` (null when none is stored), or undefined when there is no such app. */
  sealed(id: string): string | null | undefined;
  /** The app's stored version, or undefined when there is no such app. */
  version(id: string): number | undefined;
  /** Stores a sealed appKey for the app, only while it is still at `version`. */
  storeSealed(id: string, version: number, sealed: string): void;
}

export function appKeysRepo(db: Db): AppKeysRepo {
  const sealed = db.prepare<[string], string | null>('SELECT app_key_sealed FROM apps WHERE id = ?').pluck();
  const version = db.prepare<[string], number>('SELECT version FROM apps WHERE id = ?').pluck();
  const store = db.prepare('UPDATE apps SET app_key_sealed = ? WHERE id = ? AND version = ?');
  return {
    sealed: (id) => sealed.get(id),
    version: (id) => version.get(id),
    storeSealed(id, v, s) {
      store.run(s, id, v);
    },
  };
}
