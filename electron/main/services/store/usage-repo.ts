/**
 * The platform's usage statement (用量话单), one month at a time. A month is replaced as a
 * whole, but only the lines that differ are touched: re-fetching an unchanged month (the open
 * month and the one before are re-fetched every sync) writes nothing.
 */
import type { PlatformUsageStatement } from '../../../../shared/platform/schemas';
import { parseIsoInstant } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';

export interface UsageWriter {
  /** Makes the stored month equal to the statement; returns lines inserted, changed or removed. */
  replaceMonth(statement: PlatformUsageStatement, fetchedAt: number): number;
}

interface LineRow {
  date: string;
  id: string;
  app_id: string;
  capability: string;
  operator: string;
  calls: number;
  successes: number;
  billable: number;
}

const keyOf = (l: { date: string; id: string; capability: string; operator: string }): string => `${l.date}|${l.id}|${l.capability}|${l.operator}`;

export function usageWriter(db: Db): UsageWriter {
  const lines = db.prepare('SELECT date, id, app_id, capability, operator, calls, successes, billable FROM usage_lines WHERE month = ?');
  const upsert = db.prepare(`INSERT INTO usage_lines (month, date, id, app_id, capability, operator, calls, successes, billable)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, id, capability, operator) DO UPDATE SET month = excluded.month, app_id = excluded.app_id,
      calls = excluded.calls, successes = excluded.successes, billable = excluded.billable`);
  const remove = db.prepare('DELETE FROM usage_lines WHERE date = ? AND id = ? AND capability = ? AND operator = ?');
  const header = db.prepare('SELECT lines FROM usage_statements WHERE month = ?').pluck();
  const putHeader = db.prepare(`INSERT INTO usage_statements (month, generated_at, fetched_at, lines) VALUES (?, ?, ?, ?)
    ON CONFLICT(month) DO UPDATE SET generated_at = excluded.generated_at, fetched_at = excluded.fetched_at, lines = excluded.lines`);
  return {
    replaceMonth(st, fetchedAt) {
      const generatedAt = parseIsoInstant(st.generatedAt);
      const have = new Map<string, LineRow>();
      for (const r of lines.all(st.month) as LineRow[]) have.set(keyOf(r), r);
      let written = 0;
      const seen = new Set<string>();
      for (const l of st.items) {
        if (!l.date.startsWith(`${st.month}-`)) throw new Error(`usage line dated ${l.date} in the statement of ${st.month}`);
        const k = keyOf(l);
        if (seen.has(k)) throw new Error(`usage statement ${st.month} lists ${k} twice`);
        seen.add(k);
        const old = have.get(k);
        if (old && old.app_id === l.appId && old.calls === l.calls && old.successes === l.successes && old.billable === l.billable) continue;
        upsert.run(st.month, l.date, l.id, l.appId, l.capability, l.operator, l.calls, l.successes, l.billable);
        written++;
      }
      for (const [k, r] of have) {
        if (seen.has(k)) continue;
        remove.run(r.date, r.id, r.capability, r.operator);
        written++;
      }
      const storedLines = header.get(st.month) as number | undefined;
      if (written > 0 || storedLines === undefined) putHeader.run(st.month, generatedAt, fetchedAt, st.items.length);
      return written;
    },
  };
}
