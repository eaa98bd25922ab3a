/**
 * sync_state: one cursor per resource, plus when it was last tried and last succeeded.
 * The cursor only moves forward and is written in the same transaction as the page it
 * follows; a cursor that would not move is not written at all.
 */
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared-once';

export interface SyncErrorInfo {
  code: string;
  message: string;
}

export interface SyncStateRow {
  resource: string;
  cursor: string | null;
  rows: number;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: SyncErrorInfo | null;
}

interface Raw {
  resource: string;
  cursor: string | null;
  rows: number;
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
}

function fromRaw(r: Raw): SyncStateRow {
  let lastError: SyncErrorInfo | null = null;
  if (r.last_error) {
    try {
      lastError = JSON.parse(r.last_error) as SyncErrorInfo;
    } catch {
      lastError = { code: 'INTERNAL', message: r.last_error };
    }
  }
  return { resource: r.resource, cursor: r.cursor, rows: r.rows, lastAttemptAt: r.last_attempt_at, lastSuccessAt: r.last_success_at, lastError };
}

/** Numeric cursors (seq, version) compare as numbers, month cursors ('YYYY-MM') as text. */
function isAhead(next: string, current: string | null): boolean {
  if (current === null) return true;
  if (/^\d+$/.test(next) && /^\d+$/.test(current)) return BigInt(next) > BigInt(current);
  return next > current;
}

export interface SyncStateRepo {
  get(resource: string): SyncStateRow | null;
  all(): SyncStateRow[];
  /** Moves the cursor forward (never back) and adds to the row count. Call inside the page's transaction. */
  advance(resource: string, cursor: string, rowsDelta: number): void;
  /** Adds to the row count without moving the cursor. Call inside the page's transaction. */
  addRows(resource: string, rowsDelta: number): void;
  /** Sets the row count outright (snapshot resources). */
  setRows(resource: string, rows: number): void;
  succeeded(resource: string, at: number): void;
  failed(resource: string, at: number, error: SyncErrorInfo): void;
}

const repoOf = preparedOnce(prepareSyncStateRepo);

/** Prepared once per database: alert evaluation reads it after every sync run. */
export function syncStateRepo(db: Db): SyncStateRepo {
  return repoOf(db);
}

function prepareSyncStateRepo(db: Db): SyncStateRepo {
  const one = db.prepare('SELECT resource, cursor, rows, last_attempt_at, last_success_at, last_error FROM sync_state WHERE resource = ?');
  const every = db.prepare('SELECT resource, cursor, rows, last_attempt_at, last_success_at, last_error FROM sync_state ORDER BY resource');
  const ensure = db.prepare('INSERT INTO sync_state (resource) VALUES (?) ON CONFLICT(resource) DO NOTHING');
  const setCursor = db.prepare('UPDATE sync_state SET cursor = ?, rows = rows + ? WHERE resource = ?');
  const addRows = db.prepare('UPDATE sync_state SET rows = rows + ? WHERE resource = ?');
  const setRows = db.prepare('UPDATE sync_state SET rows = ? WHERE resource = ? AND rows != ?');
  const ok = db.prepare('UPDATE sync_state SET last_attempt_at = ?, last_success_at = ?, last_error = NULL WHERE resource = ?');
  const bad = db.prepare('UPDATE sync_state SET last_attempt_at = ?, last_error = ? WHERE resource = ?');
  const get = (resource: string): SyncStateRow | null => {
    const r = one.get(resource) as Raw | undefined;
    return r ? fromRaw(r) : null;
  };
  return {
    get,
    all: () => (every.all() as Raw[]).map(fromRaw),
    advance(resource, cursor, rowsDelta) {
      const cur = get(resource);
      if (!cur) ensure.run(resource);
      if (isAhead(cursor, cur?.cursor ?? null)) setCursor.run(cursor, rowsDelta, resource);
      else if (rowsDelta !== 0) addRows.run(rowsDelta, resource);
    },
    addRows(resource, rowsDelta) {
      if (rowsDelta === 0) return;
      ensure.run(resource);
      addRows.run(rowsDelta, resource);
    },
    setRows(resource, rows) {
      ensure.run(resource);
      setRows.run(rows, resource, rows);
    },
    succeeded(resource, at) {
      ensure.run(resource);
      ok.run(at, at, resource);
    },
    failed(resource, at, error) {
      ensure.run(resource);
      bad.run(at, JSON.stringify(error), resource);
    },
  };
}
