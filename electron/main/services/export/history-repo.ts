/**
 * export_history and export_chain (workspace migration 3): the append-only record of every
 * export. Appends happen inside the transaction that also renames the export into place, so a
 * row exists exactly when its file and manifest do.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open';

export interface HistoryRow {
  seq: number;
  export_id: string;
  created_at: number;
  manifest: string;
  manifest_hash: string;
  prev_hash: string;
  file_path: string;
}

/** The workspace's chain id, created with the first export (or verify) of the workspace. */
export function chainIdOf(db: Db, now: number): string {
  const row = db.prepare('SELECT chain_id FROM export_chain WHERE id = 1').get() as { chain_id: string } | undefined;
  if (row) return row.chain_id;
  const id = randomBytes(16).toString('hex');
  db.prepare('INSERT OR IGNORE INTO export_chain (id, chain_id, created_at) VALUES (1, ?, ?)').run(id, now);
  return (db.prepare('SELECT chain_id FROM export_chain WHERE id = 1').get() as { chain_id: string }).chain_id;
}

/** The chain id if the workspace has one, without creating it. */
export function existingChainId(db: Db): string | null {
  const row = db.prepare('SELECT chain_id FROM export_chain WHERE id = 1').get() as { chain_id: string } | undefined;
  return row?.chain_id ?? null;
}

/** The highest seq ever handed out (AUTOINCREMENT keeps it even when rows are deleted). */
export function highWaterSeq(db: Db): number {
  const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'export_history'").get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

export function lastRow(db: Db): HistoryRow | null {
  return (db.prepare('SELECT * FROM export_history ORDER BY seq DESC LIMIT 1').get() as HistoryRow | undefined) ?? null;
}

export function appendRow(db: Db, row: HistoryRow): void {
  db.prepare('INSERT INTO export_history (seq, export_id, created_at, manifest, manifest_hash, prev_hash, file_path) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    row.seq,
    row.export_id,
    row.created_at,
    row.manifest,
    row.manifest_hash,
    row.prev_hash,
    row.file_path,
  );
}

export function allRows(db: Db): HistoryRow[] {
  return db.prepare('SELECT * FROM export_history ORDER BY seq').all() as HistoryRow[];
}

export function pageRows(db: Db, limit: number, beforeSeq: number | null, offset = 0): HistoryRow[] {
  return (
    beforeSeq === null
      ? db.prepare('SELECT * FROM export_history ORDER BY seq DESC LIMIT ? OFFSET ?').all(limit, offset)
      : db.prepare('SELECT * FROM export_history WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq, limit)
  ) as HistoryRow[];
}

export function countRows(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM export_history').get() as { n: number }).n;
}

export function rowByExportId(db: Db, exportId: string): HistoryRow | null {
  return (db.prepare('SELECT * FROM export_history WHERE export_id = ?').get(exportId) as HistoryRow | undefined) ?? null;
}

export function rowsByFilePath(db: Db, filePath: string): HistoryRow[] {
  return db.prepare('SELECT * FROM export_history WHERE file_path = ? ORDER BY seq').all(filePath) as HistoryRow[];
}

/** Every folder-and-file path the history has exported to (distinct). */
export function exportedPaths(db: Db): string[] {
  return db.prepare('SELECT DISTINCT file_path FROM export_history').pluck().all() as string[];
}
