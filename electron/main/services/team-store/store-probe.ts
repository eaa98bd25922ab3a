/**
 * "Test connection" of a team store: one connection that logs in, reads the schema version
 * against this console's migrations, and asks the server whether the login may change the store
 * (the writer, owner of the schema) or only read it (onetap_reader). Nothing is written.
 */
import pg from 'pg';
import type { TeamStoreTestResult } from '../../../../shared/contract/workspaces';
import type { Clock } from '../core/clock';
import { pgMigrations } from '../db/pg-migrations';
import { pgSchemaVersion } from './pg-migrate';

export async function probeTeamStore(config: pg.ClientConfig, clock: Clock): Promise<TeamStoreTestResult> {
  const client = new pg.Client({ ...config, application_name: 'onetap console (test connection)' });
  client.on('error', () => undefined);
  const started = clock.now();
  try {
    await client.connect();
    const who = (await client.query<{ user: string; version: string }>("SELECT current_user AS user, current_setting('server_version') AS version")).rows[0]!;
    const latencyMs = Math.max(0, clock.now() - started);
    const schemaVersion = await pgSchemaVersion(client);
    // Before the first migration there is no table to ask about: whoever may create in the schema is the writer.
    const canWrite = (
      await client.query<{ w: boolean }>(
        schemaVersion > 0
          ? "SELECT has_table_privilege(current_user, 'public.auth_records', 'INSERT') AS w"
          : "SELECT has_schema_privilege(current_user, 'public', 'CREATE') AS w",
      )
    ).rows[0]!.w;
    return {
      ok: true,
      user: who.user,
      role: canWrite ? 'writer' : 'reader',
      schemaVersion,
      requiredVersion: pgMigrations.length,
      migrationsCurrent: schemaVersion === pgMigrations.length,
      serverVersion: who.version,
      latencyMs,
    };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const hint = err.code === '28P01' ? ' (wrong password)' : err.code === '3D000' ? ' (no such database: the team sets the store up first)' : '';
    return { ok: false, error: { code: 'PLATFORM_UNREACHABLE', message: `${err.message ?? String(e)}${hint}` } };
  } finally {
    await client.end().catch(() => undefined);
  }
}
