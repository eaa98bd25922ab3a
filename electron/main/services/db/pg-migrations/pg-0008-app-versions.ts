import type { PgMigration } from './index';

/**
 * Every version of every app the writer has seen (the change history the app detail diffs field
 * by field), as the SQLite workspace's app_versions: stored by the apps page in the same
 * transaction as the app, loaded into a console's working copy, copied by `onetap store migrate`.
 * A store that already holds apps starts its history with their current version.
 *
 * The file number is this branch's slot (pg-0008); `version` is the position in the list, as for
 * the SQLite migrations.
 */
export const pgAppVersions: PgMigration = {
  version: 7,
  name: 'app-versions',
  up: `
CREATE TABLE app_versions (
  id       text NOT NULL,
  version  bigint NOT NULL,
  seen_at  bigint NOT NULL,
  data     jsonb NOT NULL,            -- the platform App at that version, appKey removed
  PRIMARY KEY (id, version)
);
INSERT INTO app_versions (id, version, seen_at, data) SELECT id, version, updated_at, data FROM apps;
GRANT SELECT ON app_versions TO onetap_reader;
`,
};
