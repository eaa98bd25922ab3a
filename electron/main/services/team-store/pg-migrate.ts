/**
 * Applies the PostgreSQL migrations (db/pg-migrations), each in its own transaction, under an
 * advisory lock so two consoles starting at once do not both migrate. A database newer than this
 * code is refused, as SQLite files are; a reader (who may not migrate) is told who can.
 */
import type pg from 'pg';
import { ApiError } from '../../../../shared/contract/errors';
import { SchemaTooNewError } from '../db/migrate';
import { pgMigrations, type PgMigration } from '../db/pg-migrations';

/** Advisory lock namespace (first key) of the team store; the second key names what is locked. */
export const LOCK_NAMESPACE = 0x07e7a9;
const MIGRATE_KEY = 0;

export async function pgSchemaVersion(client: pg.ClientBase): Promise<number> {
  const exists = (await client.query<{ t: string | null }>("SELECT to_regclass('public.schema_migrations')::text AS t")).rows[0]?.t;
  if (!exists) return 0;
  return Number((await client.query<{ v: string | null }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]?.v ?? 0);
}

export async function migratePg(client: pg.ClientBase, migrations: readonly PgMigration[] = pgMigrations): Promise<{ from: number; to: number }> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`PostgreSQL migrations must be numbered 1..n without gaps (found ${m.version} at ${i + 1})`);
  });
  // Up to date: nothing to create (a role that may not create tables, e.g. a reader refused later by name, passes here).
  const current = await pgSchemaVersion(client);
  if (current === ordered.length) return { from: current, to: current };
  await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, MIGRATE_KEY]);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const from = await pgSchemaVersion(client);
    if (from > ordered.length) throw new SchemaTooNewError(from, ordered.length);
    for (const m of ordered.slice(from)) {
      await client.query('BEGIN');
      try {
        await client.query(m.up);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    }
    return { from, to: ordered.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, MIGRATE_KEY]);
  }
}

/** For readers: the schema must be exactly this code's, since they may not migrate it. */
export async function checkPgSchema(client: pg.ClientBase, migrations: readonly PgMigration[] = pgMigrations): Promise<void> {
  const v = await pgSchemaVersion(client);
  if (v > migrations.length) throw new SchemaTooNewError(v, migrations.length);
  if (v < migrations.length) {
    throw new ApiError(
      'CONFLICT',
      `the team store's schema is at version ${v}, this console needs ${migrations.length}: the team's writer (onetap sync --store …) migrates it on its next run`,
    );
  }
}
