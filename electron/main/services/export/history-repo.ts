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

export interface HistoryRepo {
  /** The workspace's chain id, created with the first export (or verify) of the workspace. */
  chainId(now: number): string;
  /** The chain id if the workspace has one, without creating it. */
  existingChainId(): string | null;
  /** The chain row itself (id and creation time), for copying a workspace to a team store. */
  chainRow(): { chain_id: string; created_at: number } | null;
  /** The highest seq ever handed out (AUTOINCREMENT keeps it even when rows are deleted). */
  highWaterSeq(): number;
  last(): HistoryRow | null;
  append(row: HistoryRow): void;
  all(): HistoryRow[];
  /** Newest first, `limit` rows before `beforeSeq` (or the newest, skipping `offset` of them: a jump to a page). */
  page(limit: number, beforeSeq: number | null, offset?: number): HistoryRow[];
  count(): number;
  byExportId(exportId: string): HistoryRow | null;
  byFilePath(filePath: string): HistoryRow[];
  /** Every folder-and-file path the history has exported to (distinct). */
  exportedPaths(): string[];
  /**
   * Copies a chain and rows with their own seqs (a team store's history into a session's working
   * copy); rows already held (same seq) are skipped.
   */
  load(chain: { chain_id: string; created_at: number } | null, rows: readonly HistoryRow[]): void;
}

export function historyRepo(db: Db): HistoryRepo {
  const chain = db.prepare<[], string>('SELECT chain_id FROM export_chain WHERE id = 1').pluck();
  const chainRow = db.prepare<[], { chain_id: string; created_at: number }>('SELECT chain_id, created_at FROM export_chain WHERE id = 1');
  const newChain = db.prepare('INSERT OR IGNORE INTO export_chain (id, chain_id, created_at) VALUES (1, ?, ?)');
  const high = db.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'export_history'").pluck();
  const last = db.prepare<[], HistoryRow>('SELECT * FROM export_history ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO export_history (seq, export_id, created_at, manifest, manifest_hash, prev_hash, file_path) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const all = db.prepare<[], HistoryRow>('SELECT * FROM export_history ORDER BY seq');
  const newest = db.prepare<[number, number], HistoryRow>('SELECT * FROM export_history ORDER BY seq DESC LIMIT ? OFFSET ?');
  const before = db.prepare<[number, number], HistoryRow>('SELECT * FROM export_history WHERE seq < ? ORDER BY seq DESC LIMIT ?');
  const count = db.prepare<[], number>('SELECT COUNT(*) FROM export_history').pluck();
  const byExportId = db.prepare<[string], HistoryRow>('SELECT * FROM export_history WHERE export_id = ?');
  const byFilePath = db.prepare<[string], HistoryRow>('SELECT * FROM export_history WHERE file_path = ? ORDER BY seq');
  const paths = db.prepare<[], string>('SELECT DISTINCT file_path FROM export_history').pluck();
  const copyChain = db.prepare('INSERT OR IGNORE INTO export_chain (id, chain_id, created_at) VALUES (1, ?, ?)');
  const copyRow = db.prepare(
    'INSERT OR IGNORE INTO export_history (seq, export_id, created_at, manifest, manifest_hash, prev_hash, file_path) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    chainId(now) {
      const have = chain.get();
      if (have !== undefined) return have;
      newChain.run(randomBytes(16).toString('hex'), now);
      return chain.get()!;
    },
    existingChainId: () => chain.get() ?? null,
    chainRow: () => chainRow.get() ?? null,
    highWaterSeq: () => high.get() ?? 0,
    last: () => last.get() ?? null,
    append(row) {
      insert.run(row.seq, row.export_id, row.created_at, row.manifest, row.manifest_hash, row.prev_hash, row.file_path);
    },
    all: () => all.all(),
    page: (limit, beforeSeq, offset = 0) => (beforeSeq === null ? newest.all(limit, offset) : before.all(beforeSeq, limit)),
    count: () => count.get() ?? 0,
    byExportId: (exportId) => byExportId.get(exportId) ?? null,
    byFilePath: (filePath) => byFilePath.all(filePath),
    exportedPaths: () => paths.all(),
    load(chain, rows) {
      db.transaction(() => {
        if (chain) copyChain.run(chain.chain_id, chain.created_at);
        for (const r of rows) copyRow.run(r.seq, r.export_id, r.created_at, r.manifest, r.manifest_hash, r.prev_hash, r.file_path);
      })();
    },
  };
}
