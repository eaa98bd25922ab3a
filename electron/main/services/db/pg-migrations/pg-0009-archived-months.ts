import type { PgMigration } from './index';

/**
 * The months of the team store whose raw records went to an archive file (`onetap archive create
 * MONTH --store …`): the file's name, where its writer put it (host and path), its record count
 * and hashes, and whether the month's partition was detached and dropped. Every console reads this
 * to know a month's raw records are archived (its rollups stay, so totals and bills are unchanged);
 * `onetap archive import` re-creates the partition from the file and clears `dropped_at`.
 *
 * `store_identity` names the store for good (whatever host name or login reaches it): an archive's
 * manifest names its workspace as `store:<id>`, so the file checks out for every member of the team.
 *
 * The file number is this branch's slot (pg-0009); `version` is the position in the list.
 */
export const pgArchivedMonths: PgMigration = {
  version: 8,
  name: 'archived-months',
  up: `
CREATE TABLE archived_months (
  month           text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  file            text NOT NULL,
  location        text NOT NULL,            -- host:absolute path where the writer wrote the file
  records         bigint NOT NULL CHECK (records >= 0),
  content_sha256  text NOT NULL,
  file_sha256     text NOT NULL,
  bytes           bigint NOT NULL,
  created_at      bigint NOT NULL,
  dropped_at      bigint                    -- null: the partition is attached and holds the records
);
GRANT SELECT ON archived_months TO onetap_reader;
CREATE TABLE store_identity (
  only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  id          text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO store_identity (id) VALUES (gen_random_uuid()::text);
GRANT SELECT ON store_identity TO onetap_reader;
`,
};
