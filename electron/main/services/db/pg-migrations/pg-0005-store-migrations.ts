import type { PgMigration } from './index';

/**
 * Copies of SQLite workspaces into this team store (`onetap store migrate`): which file, when it
 * started and finished, and the counts and content digest it proved equal. A run cancelled half
 * way leaves its row unfinished, so the same source may resume it; any other source is refused
 * on a store that holds data.
 */
export const pgStoreMigrations: PgMigration = {
  version: 5,
  name: 'store-migrations',
  up: `
CREATE TABLE store_migrations (
  source       text PRIMARY KEY,
  started_at   bigint NOT NULL,
  finished_at  bigint,
  records      bigint,
  digest       text
);
`,
};
