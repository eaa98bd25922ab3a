/**
 * app_pending_changes: changes the console sent to the platform that sync has not brought
 * back yet. A change is confirmed (and its row removed) as soon as the apps table holds the
 * app at the version the platform answered, whichever path stored it.
 */
import type { PendingChange } from '../../../../shared/contract/apps';
import type { ReviewAction } from '../../../../shared/apps/status-rules';
import type { PlatformApp } from '../../../../shared/platform/schemas';
import type { Db } from '../db/open';

export type PendingOp = PendingChange['op'];

interface Row {
  pending_id: number;
  id: string | null;
  op: PendingOp;
  state: PendingChange['state'];
  name: string;
  payload: string;
  base_version: number | null;
  expect_version: number | null;
  result: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface PendingRecord extends PendingChange {
  payload: Record<string, unknown>;
  baseVersion: number | null;
  expectVersion: number | null;
  /** The platform's answer, appKey removed. */
  result: Omit<PlatformApp, 'appKey'> | null;
}

function toRecord(r: Row): PendingRecord {
  const payload = JSON.parse(r.payload) as Record<string, unknown>;
  const reviewAction = r.op === 'review' ? ((payload.action as ReviewAction | undefined) ?? null) : null;
  return {
    pendingId: r.pending_id,
    id: r.id,
    op: r.op,
    state: r.state,
    name: r.name,
    fields: r.op === 'update' ? Object.keys(payload) : r.op === 'create' ? Object.keys(payload).filter((k) => payload[k] !== null) : [],
    reviewAction,
    error: r.error ? (JSON.parse(r.error) as { code: string; message: string }) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    payload,
    baseVersion: r.base_version,
    expectVersion: r.expect_version,
    result: r.result ? (JSON.parse(r.result) as Omit<PlatformApp, 'appKey'>) : null,
  };
}

export function pendingRepo(db: Db) {
  return {
    add(p: { id: string | null; op: PendingOp; name: string; payload: unknown; baseVersion: number | null; now: number }): number {
      const info = db
        .prepare(
          `INSERT INTO app_pending_changes (id, op, state, name, payload, base_version, created_at, updated_at)
           VALUES (?, ?, 'sending', ?, ?, ?, ?, ?)`,
        )
        .run(p.id, p.op, p.name, JSON.stringify(p.payload), p.baseVersion, p.now, p.now);
      return Number(info.lastInsertRowid);
    },

    markSent(pendingId: number, app: PlatformApp, now: number): void {
      const { appKey: _appKey, ...result } = app;
      db.prepare(
        `UPDATE app_pending_changes SET state = 'sent', id = ?, expect_version = ?, result = ?, error = NULL, updated_at = ? WHERE pending_id = ?`,
      ).run(app.id, app.version, JSON.stringify(result), now, pendingId);
    },

    markFailed(pendingId: number, error: { code: string; message: string }, now: number): void {
      db.prepare(`UPDATE app_pending_changes SET state = 'failed', error = ?, updated_at = ? WHERE pending_id = ?`).run(JSON.stringify(error), now, pendingId);
    },

    remove(pendingId: number): boolean {
      return db.prepare('DELETE FROM app_pending_changes WHERE pending_id = ?').run(pendingId).changes > 0;
    },

    get(pendingId: number): PendingRecord | null {
      const r = db.prepare('SELECT * FROM app_pending_changes WHERE pending_id = ?').get(pendingId) as Row | undefined;
      return r ? toRecord(r) : null;
    },

    all(): PendingRecord[] {
      return (db.prepare('SELECT * FROM app_pending_changes ORDER BY pending_id').all() as Row[]).map(toRecord);
    },

    forApp(id: string): PendingRecord[] {
      return (db.prepare('SELECT * FROM app_pending_changes WHERE id = ? ORDER BY pending_id').all(id) as Row[]).map(toRecord);
    },

    /**
     * Removes the sent changes the apps table now confirms (stored version ≥ the answered one);
     * returns the app ids they were about.
     */
    resolveConfirmed(): string[] {
      const rows = db
        .prepare(
          `SELECT p.pending_id AS pendingId, p.id AS id FROM app_pending_changes p JOIN apps a ON a.id = p.id
           WHERE p.state = 'sent' AND p.expect_version IS NOT NULL AND a.version >= p.expect_version`,
        )
        .all() as { pendingId: number; id: string }[];
      if (rows.length === 0) return [];
      const del = db.prepare('DELETE FROM app_pending_changes WHERE pending_id = ?');
      db.transaction(() => rows.forEach((r) => del.run(r.pendingId)))();
      return [...new Set(rows.map((r) => r.id))];
    },
  };
}
export type PendingRepo = ReturnType<typeof pendingRepo>;
