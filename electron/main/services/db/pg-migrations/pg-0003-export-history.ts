import type { PgMigration } from './index';

/**
 * The auditors' export history in the team store, append-only in the database itself: triggers
 * refuse UPDATE, DELETE and TRUNCATE for every role (the owner included), and `onetap_auditor` may
 * only read everything and INSERT here. Same columns as the SQLite chain (workspace-0003), so the
 * hash chain verifies the same way. Sealed signing keys stay on each desktop (they are sealed by
 * that machine's keyring), so there is no export_keys table here.
 */
export const pgExportHistory: PgMigration = {
  version: 3,
  name: 'export-history',
  up: `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onetap_auditor') THEN
    CREATE ROLE onetap_auditor NOLOGIN IN ROLE onetap_reader;
  END IF;
END $$;

CREATE TABLE export_chain (
  id          integer PRIMARY KEY CHECK (id = 1),
  chain_id    text NOT NULL,
  created_at  bigint NOT NULL
);
CREATE TABLE export_history (
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  export_id      text NOT NULL UNIQUE,
  created_at     bigint NOT NULL,
  manifest       text NOT NULL,
  manifest_hash  text NOT NULL,
  prev_hash      text NOT NULL,
  file_path      text NOT NULL
);

CREATE FUNCTION onetap_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $f$;
CREATE TRIGGER export_history_append_only BEFORE UPDATE OR DELETE ON export_history FOR EACH ROW EXECUTE FUNCTION onetap_append_only();
CREATE TRIGGER export_history_no_truncate BEFORE TRUNCATE ON export_history FOR EACH STATEMENT EXECUTE FUNCTION onetap_append_only();
CREATE TRIGGER export_chain_append_only BEFORE UPDATE OR DELETE ON export_chain FOR EACH ROW EXECUTE FUNCTION onetap_append_only();
CREATE TRIGGER export_chain_no_truncate BEFORE TRUNCATE ON export_chain FOR EACH STATEMENT EXECUTE FUNCTION onetap_append_only();

GRANT SELECT ON export_chain, export_history TO onetap_reader;
GRANT INSERT ON export_chain, export_history TO onetap_auditor;
`,
};
