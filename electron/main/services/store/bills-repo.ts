/**
 * The platform's monthly bills. A bill is stored as the platform sent it; one whose content
 * (everything but generatedAt) is unchanged is not rewritten, so re-fetching the open month
 * each sync writes nothing until the platform's figures move.
 */
import type { PlatformBill } from '../../../../shared/platform/schemas';
import { parseIsoInstant } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';

export interface BillsWriter {
  /** Stores the bill when new or changed; returns 1 if written, else 0. */
  upsert(bill: PlatformBill, fetchedAt: number): number;
}

function contentOf(bill: PlatformBill): string {
  const { generatedAt: _generatedAt, ...content } = bill;
  return JSON.stringify(content);
}

export function billsWriter(db: Db): BillsWriter {
  const stored = db.prepare('SELECT data FROM bills WHERE month = ?').pluck();
  const put = db.prepare(`INSERT INTO bills (month, status, data, generated_at, fetched_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(month) DO UPDATE SET status = excluded.status, data = excluded.data, generated_at = excluded.generated_at, fetched_at = excluded.fetched_at`);
  return {
    upsert(bill, fetchedAt) {
      const old = stored.get(bill.month) as string | undefined;
      if (old !== undefined && contentOf(JSON.parse(old) as PlatformBill) === contentOf(bill)) return 0;
      put.run(bill.month, bill.status, JSON.stringify(bill), parseIsoInstant(bill.generatedAt), fetchedAt);
      return 1;
    },
  };
}
