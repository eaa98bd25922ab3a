/**
 * Bytes per auth record, table and each index (SQLite's dbstat: pages each b-tree holds, free
 * space inside them included, as a file grows), and the compact-schema migration (workspace-0007)
 * timed on a copy of the same records at the schema before it: the before/after sizes come from
 * one run on the same records.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate } from '../electron/main/services/db/migrate';
import { workspaceMigrations } from '../electron/main/services/db/migrations';
import { machineLoad } from './machine-load';

export interface Storage {
  records: number;
  objects: { name: string; bytes: number }[];
  total: number;
}

/** Bytes of the records' table and its indexes: whichever holds the records at this schema. */
export function recordStorage(db: Database.Database): Storage {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('auth_record_rows', 'auth_records')").pluck().get() as string;
  const records = db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const names = [table, ...(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name").pluck().all(table) as string[])];
  const size = db.prepare('SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name = ?').pluck();
  const objects = names.map((name) => ({ name, bytes: size.get(name) as number }));
  return { records, objects, total: objects.reduce((n, o) => n + o.bytes, 0) };
}

export function printStorage(label: string, s: Storage, goal: number | null): void {
  const per = (b: number): string => (b / Math.max(1, s.records)).toFixed(1).padStart(6);
  console.log(
    `${label}: ${s.records.toLocaleString('en-US')} records, ${per(s.total)} bytes a record${goal ? `  (goal ≤ ${goal}: ${s.total / s.records <= goal ? 'MEETS' : 'MISSES'})` : ''}  ${machineLoad()}`,
  );
  for (const o of s.objects) console.log(`    ${o.name.padEnd(30)} ${per(o.bytes)} B/record  ${(o.bytes / 1e6).toFixed(1).padStart(8)} MB`);
}

/**
 * The same records in a store at schema 6 (auth_records a table with its six indexes, filled in seq
 * order with the indexes in place, as sync built them), measured, then migrated in place and timed.
 */
export function compareWithSchema6(source: string, file: string): { before: Storage; after: Storage; migrateMs: number } {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, workspaceMigrations.slice(0, 6));
  db.exec(`ATTACH '${source}' AS src`);
  db.transaction(() => {
    db.exec('INSERT INTO main.apps SELECT * FROM src.apps');
    db.exec('INSERT INTO main.auth_records SELECT * FROM src.auth_records ORDER BY seq');
    for (const t of ['rollup_daily', 'rollup_hourly', 'rollup_failures', 'rollup_codes_hourly']) db.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`);
  })();
  db.exec('DETACH src');
  const measured = migrateMeasured(db);
  db.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  return measured;
}

/** A store measured, migrated in place to the current schema (timed), checkpointed and measured again. */
export function migrateMeasured(db: Database.Database): { before: Storage; after: Storage; migrateMs: number } {
  const before = recordStorage(db);
  const t0 = performance.now();
  migrate(db, workspaceMigrations);
  const migrateMs = performance.now() - t0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { before, after: recordStorage(db), migrateMs };
}
