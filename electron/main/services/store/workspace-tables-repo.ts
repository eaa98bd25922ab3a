/**
 * A workspace's tables as rows, in and out, by table name: what a console loads from a team store
 * into its working copy (team-store/workspace-snapshot.ts) and hands back after a sync of the
 * resources that own them. Only the tables named here cross; raw records never do.
 */
import type { Db } from '../db/open';
import { recountRollupTotals } from './rollup-totals-repo';

/** Loaded in this order. The day and month totals of rollup_daily and rollup_failures do not cross: they are recounted as those load. */
export const WORKSPACE_TABLES = [
  'apps',
  'app_versions',
  'activities',
  'usage_lines',
  'usage_statements',
  'bills',
  'packages',
  'platform_meta',
  'sync_state',
  'rollup_daily',
  'rollup_hourly',
  'rollup_failures',
  'rollup_codes_hourly',
  'rollup_slots',
  'rollup_slot_failures',
] as const;
export type WorkspaceTable = (typeof WORKSPACE_TABLES)[number];

const known = new Set<string>(WORKSPACE_TABLES);

function columnsOf(db: Db, table: string): Set<string> {
  return new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]) ?? []);
}

export interface WorkspaceTablesRepo {
  /** Inserts `rows` into `table` (call inside a transaction); only the table's own columns are read from each row. */
  load(table: string, rows: readonly Record<string, unknown>[]): void;
  /** Every row of `table`. */
  rows(table: string): Record<string, unknown>[];
}

export function workspaceTablesRepo(db: Db): WorkspaceTablesRepo {
  const check = (table: string): void => {
    if (!known.has(table)) throw new Error(`not a workspace table that crosses between engines: ${table}`);
  };
  return {
    load(table, rows) {
      check(table);
      if (rows.length === 0) return;
      const have = columnsOf(db, table);
      const cols = Object.keys(rows[0]!).filter((c) => have.has(c));
      const missing = Object.keys(rows[0]!).filter((c) => !have.has(c));
      if (missing.length > 0) throw new Error(`${table} has no column ${missing.join(', ')}`);
      const ins = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      for (const r of rows) ins.run(...cols.map((c) => (typeof r[c] === 'boolean' ? (r[c] ? 1 : 0) : (r[c] ?? null))));
      if (table === 'rollup_daily' || table === 'rollup_failures') recountRollupTotals(db);
    },
    rows(table) {
      check(table);
      return db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    },
  };
}

/**
 * The tables a console writes into its own copy of a workspace (alert rules and their episodes,
 * events and deliveries; app changes waiting for review and the log of app key reveals): not the
 * team store's, so a console keeps them for a team workspace in a small file of its own
 * (team-store/local-state.ts). Parents before children (alert_episodes before its events).
 */
export const CONSOLE_LOCAL_TABLES = ['alert_rules', 'alert_episodes', 'alert_events', 'alert_deliveries', 'app_pending_changes', 'app_key_reveals'] as const;

/**
 * Puts the console-local tables of the workspace file `file` in place of `db`'s own (an empty,
 * migrated in-memory copy): they are dropped from `main` and the file is attached as `schema`,
 * so SQLite resolves their names to the file's (team-store/local-state.ts).
 */
export function attachConsoleTables(db: Db, file: string, schema: string): void {
  // Children first: alert_events and alert_deliveries refer to alert_episodes.
  for (const table of [...CONSOLE_LOCAL_TABLES].reverse()) db.exec(`DROP TABLE main.${table}`);
  db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(file);
}
