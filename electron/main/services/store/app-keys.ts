/**
 * Where an app's appKey goes. The platform hands it out with the app (platform-api §2.1);
 * the console never writes it in plain text. With a persistent secret store (Electron
 * safeStorage) it is sealed into apps.app_key_sealed. With the memory store (browser and CLI
 * mode) a sealed value would only be a handle that dies with the process, so the column is
 * left NULL and the key is kept in this process's memory for the workspace database; a later
 * process learns it again when the app next changes on the platform.
 */
import type { SecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import type { PlatformClient } from '../platform/client-types';
import { appKeysRepo } from './app-keys-repo';

const inMemory = new WeakMap<Db, Map<string, string>>();

function memoryOf(db: Db): Map<string, string> {
  let m = inMemory.get(db);
  if (!m) inMemory.set(db, (m = new Map()));
  return m;
}

/** The value to store in apps.app_key_sealed for this appKey (NULL when not persistable). */
export function sealAppKey(db: Db, secrets: SecretStore, id: string, appKey: string | null): string | null {
  const mem = memoryOf(db);
  if (appKey === null) {
    mem.delete(id);
    return null;
  }
  if (secrets.persistent) {
    mem.delete(id);
    return secrets.seal(appKey);
  }
  mem.set(id, appKey);
  return null;
}

/** The appKey of app `id`, or null when it has none or it is not available in this process. */
export function readAppKey(db: Db, secrets: SecretStore, id: string): string | null {
  const sealed = appKeysRepo(db).sealed(id);
  if (sealed) {
    try {
      return secrets.unseal(sealed);
    } catch {
      // Sealed by another keychain (copied database, reset OS profile): not recoverable here.
      return null;
    }
  }
  return memoryOf(db).get(id) ?? null;
}

/**
 * Fetches an app's appKey again from the platform when this process does not have it (memory
 * store after a restart): the apps feed lists each app at its current version, so asking for
 * the one page after `version - 1` returns exactly this app when it has not changed since.
 * Keeps the key as sealAppKey would (memory only, or sealed when the store persists) and
 * returns it, or null when the platform has none for this key's role (only admins see appKeys)
 * or the app changed since the last sync (sync first).
 */
export async function recoverAppKey(
  db: Db,
  secrets: SecretStore,
  client: Pick<PlatformClient, 'listApps'>,
  id: string,
  signal?: AbortSignal,
): Promise<string | null> {
  const have = readAppKey(db, secrets, id);
  if (have !== null) return have;
  const version = appKeysRepo(db).version(id);
  if (version === undefined || version < 1) return null;
  const app = (await client.listApps(version - 1, 1, signal)).items[0];
  if (!app || app.id !== id || app.version !== version || app.appKey === null) return null;
  const sealed = sealAppKey(db, secrets, id, app.appKey);
  if (sealed !== null) appKeysRepo(db).storeSealed(id, version, sealed);
  return app.appKey;
}
