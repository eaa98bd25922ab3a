/** export_keys: the workspace's keyring keys for export manifests, sealed by the secret store. */
import type { Db } from '../db/open';

export interface SealedKeyRow {
  key_id: string;
  sealed: string;
}

export interface SigningKeysRepo {
  /** Newest first. */
  all(): SealedKeyRow[];
  insert(keyId: string, sealed: string, createdAt: number): void;
}

export function signingKeysRepo(db: Db): SigningKeysRepo {
  const all = db.prepare<[], SealedKeyRow>('SELECT key_id, sealed FROM export_keys ORDER BY created_at DESC, key_id');
  const insert = db.prepare('INSERT INTO export_keys (key_id, sealed, created_at) VALUES (?, ?, ?)');
  return {
    all: () => all.all(),
    insert(keyId, sealed, createdAt) {
      insert.run(keyId, sealed, createdAt);
    },
  };
}
