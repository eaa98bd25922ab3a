import type { PgMigration } from './index';

/**
 * Database roles the console's roles map onto. `onetap_reader` (finance, auditors) may read every
 * table and change none; team members' login roles are made members of it (README). The owner of
 * the schema (the role that ran the migrations) is the writer. Created only when missing, since
 * roles are cluster-wide and several databases may share them.
 */
export const pgRoles: PgMigration = {
  version: 2,
  name: 'roles',
  up: `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onetap_reader') THEN
    CREATE ROLE onetap_reader NOLOGIN;
  END IF;
END $$;
GRANT USAGE ON SCHEMA public TO onetap_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO onetap_reader;
-- Partitions and tables created later by the owner are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO onetap_reader;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
`,
};
