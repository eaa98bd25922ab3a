import type { Migration } from '../migrate';

/**
 * The export area's audit trail (审计导出). `export_history` is a hash chain: each row holds its
 * manifest, the manifest's SHA-256 and the previous row's hash, so an edited or deleted row shows
 * up when the chain is checked. The triggers only stop honest mistakes (and tools that respect
 * them); the chain, the manifests' HMAC signatures and the AUTOINCREMENT high-water mark in
 * sqlite_sequence are what detect a row changed behind their back.
 */
export const workspaceExports: Migration = {
  version: 3,
  name: 'exports',
  up: `
-- One row: the identity of this workspace's export chain (a random id, not a secret). It salts
-- the signing key and the chain's genesis hash, so a history spliced in from another workspace
-- does not verify here.
CREATE TABLE export_chain (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  chain_id    TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

-- Random signing keys sealed by the OS keyring (Electron safeStorage). Never plain: a session
-- without a persistent secret store writes nothing here (see export/signing-keys.ts).
CREATE TABLE export_keys (
  key_id      TEXT PRIMARY KEY,
  sealed      TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE export_history (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  export_id      TEXT NOT NULL UNIQUE,
  created_at     INTEGER NOT NULL,
  manifest       TEXT NOT NULL,          -- the manifest as written beside the file (JSON)
  manifest_hash  TEXT NOT NULL,          -- SHA-256 of the manifest's canonical JSON
  prev_hash      TEXT NOT NULL,          -- manifest_hash of the row before (genesis: from chain_id)
  file_path      TEXT NOT NULL           -- where the file was written; a locator, not part of the proof
);

CREATE TRIGGER export_history_no_update BEFORE UPDATE ON export_history
BEGIN SELECT RAISE(ABORT, 'export_history is append-only'); END;
CREATE TRIGGER export_history_no_delete BEFORE DELETE ON export_history
BEGIN SELECT RAISE(ABORT, 'export_history is append-only'); END;
CREATE TRIGGER export_chain_no_update BEFORE UPDATE ON export_chain
BEGIN SELECT RAISE(ABORT, 'export_chain is fixed once created'); END;
CREATE TRIGGER export_chain_no_delete BEFORE DELETE ON export_chain
BEGIN SELECT RAISE(ABORT, 'export_chain is fixed once created'); END;
CREATE TRIGGER export_keys_no_update BEFORE UPDATE ON export_keys
BEGIN SELECT RAISE(ABORT, 'export_keys are append-only'); END;
CREATE TRIGGER export_keys_no_delete BEFORE DELETE ON export_keys
BEGIN SELECT RAISE(ABORT, 'export_keys are append-only'); END;
`,
};
