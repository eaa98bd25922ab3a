/** SQL of the month archives: the `archives` and `retention` tables, and the months the rollups know. */
import { shanghaiMonthRange } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';

export interface ArchiveRow {
  month: string;
  file: string;
  records: number;
  contentSha256: string;
  fileSha256: string;
  bytes: number;
  createdAt: number;
  droppedAt: number | null;
}

export interface ArchivesRepo {
  all(): ArchiveRow[];
  get(month: string): ArchiveRow | undefined;
  /** Records a new archive of the month (replacing an earlier row of it). */
  put(row: Omit<ArchiveRow, 'droppedAt'>): void;
  setDropped(month: string, at: number | null): void;
  rawMonths(): number | null;
  setRawMonths(n: number | null): void;
  /** Calls per Shanghai month by the daily rollups, oldest first. */
  monthCalls(): { month: string; calls: number }[];
  /**
   * Instant ranges [lo, hi) of the months whose raw records were removed from the store: record
   * counts there come from the records themselves, not the rollups (which still count them).
   */
  droppedRanges(): { lo: number; hi: number }[];
}

interface Raw {
  month: string;
  file: string;
  records: number;
  content_sha256: string;
  file_sha256: string;
  bytes: number;
  created_at: number;
  dropped_at: number | null;
}

const fromRaw = (r: Raw): ArchiveRow => ({
  month: r.month,
  file: r.file,
  records: r.records,
  contentSha256: r.content_sha256,
  fileSha256: r.file_sha256,
  bytes: r.bytes,
  createdAt: r.created_at,
  droppedAt: r.dropped_at,
});

export function archivesRepo(db: Db): ArchivesRepo {
  const all = db.prepare('SELECT * FROM archives ORDER BY month');
  const get = db.prepare('SELECT * FROM archives WHERE month = ?');
  const put = db.prepare(`INSERT INTO archives (month, file, records, content_sha256, file_sha256, bytes, created_at, dropped_at)
    VALUES (@month, @file, @records, @contentSha256, @fileSha256, @bytes, @createdAt, NULL)
    ON CONFLICT(month) DO UPDATE SET file = excluded.file, records = excluded.records, content_sha256 = excluded.content_sha256,
      file_sha256 = excluded.file_sha256, bytes = excluded.bytes, created_at = excluded.created_at, dropped_at = NULL`);
  const dropped = db.prepare('UPDATE archives SET dropped_at = ? WHERE month = ?');
  const rawMonths = db.prepare('SELECT raw_months FROM retention WHERE only_row = 1').pluck();
  const setRawMonths = db.prepare('UPDATE retention SET raw_months = ? WHERE only_row = 1');
  const monthCalls = db.prepare('SELECT substr(date, 1, 7) AS month, sum(calls) AS calls FROM rollup_daily GROUP BY 1 ORDER BY 1');
  const droppedMonths = db.prepare('SELECT month FROM archives WHERE dropped_at IS NOT NULL ORDER BY month').pluck();
  return {
    all: () => (all.all() as Raw[]).map(fromRaw),
    get(month) {
      const r = get.get(month) as Raw | undefined;
      return r ? fromRaw(r) : undefined;
    },
    put: (row) => void put.run(row),
    setDropped: (month, at) => void dropped.run(at, month),
    rawMonths: () => (rawMonths.get() as number | null | undefined) ?? null,
    setRawMonths: (n) => void setRawMonths.run(n),
    monthCalls: () => monthCalls.all() as { month: string; calls: number }[],
    droppedRanges: () =>
      (droppedMonths.all() as string[]).map((m) => {
        const r = shanghaiMonthRange(m);
        return { lo: r.start, hi: r.end };
      }),
  };
}
