/**
 * What billing reads from a workspace database: the rollups (never raw records, so a month of
 * ten million calls is a few thousand rows), the platform's statement, bill, packages and
 * pricing as sync stored them, and app labels. Read-only; rows the platform sent are checked
 * with the shared schemas here, so a damaged row is reported instead of mis-billed.
 */
import { pricingSchema, billSchema, type PlatformBill, type PlatformPricing } from '../../../../shared/platform/schemas';
import type { Capability, Operator } from '../../../../shared/platform/domain';
import type { AppLabel, MonthTotals, PackageInput, UsageLine } from '../../../../shared/billing';
import { packageResultCodes, type PackageResultCode } from '../../../../shared/billing';
import { datesOfMonth } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { recordAppIds } from '../store/record-dictionaries-repo';

export interface StoredPackage extends PackageInput {
  kind: 'trial' | 'commercial';
  used: number;
  status: string;
  fetchedAt: number;
}

export interface StoredStatement {
  lines: UsageLine[];
  generatedAt: number;
  fetchedAt: number;
}

export interface StoredBill {
  bill: PlatformBill;
  fetchedAt: number;
}

/** First and last date of a month, for range scans on the date-leading primary keys. */
function monthBounds(month: string): { first: string; last: string } {
  const dates = datesOfMonth(month);
  return { first: dates[0]!, last: dates[dates.length - 1]! };
}

export interface BillingRepo {
  /** Our usage of the month per day × app × operator × capability (rollup_daily). */
  monthUsage(month: string): UsageLine[];
  /** The month's billable calls by day, app, operator and capability (from the day and month sums kept beside the rollups). */
  monthTotals(month: string): MonthTotals;
  /** Billable calls in [fromDate, beforeDate), one sum. */
  billableBetween(fromDate: string, beforeDate: string): number;
  /** The same from the platform's usage statements (the basis of a key that cannot read auth records). */
  statementBillableBetween(fromDate: string, beforeDate: string): number;
  packages(): StoredPackage[];
  /** The platform's pricing as synced, or null (also when the stored value is not valid pricing). */
  pricing(): PlatformPricing | null;
  subscribed(): { subscribed: boolean; fetchedAt: number } | null;
  /** Labels of the given apps (all apps when omitted); apps never synced get the appId their records carry. */
  appLabels(ids?: Iterable<string>): Map<string, AppLabel>;
  appName(id: string): string | null;
  statement(month: string): StoredStatement | null;
  bill(month: string): StoredBill | null;
  /** Failures with the package codes 10301–10304 in the month. */
  refusals(month: string): Map<PackageResultCode, number>;
  /** When auth records were last synced successfully. */
  recordsSyncedAt(): number | null;
  /** Whether any auth records are held (their rollups), synced or imported. */
  hasRecords(): boolean;
  /** Our counts for one line (day × app × capability × operator). */
  lineTotals(date: string, id: string, capability: Capability, operator: Operator): { calls: number; successes: number; billable: number };
}

export function billingRepo(db: Db): BillingRepo {
  const monthDays = db.prepare('SELECT date, billable FROM rollup_billable_daily WHERE date BETWEEN ? AND ?').raw();
  const monthApps = db
    .prepare(
      `SELECT id, SUM(billable),
         SUM(CASE WHEN operator = 'CMCC' THEN billable ELSE 0 END), SUM(CASE WHEN operator = 'CUCC' THEN billable ELSE 0 END),
         SUM(CASE WHEN operator = 'CTCC' THEN billable ELSE 0 END), SUM(CASE WHEN capability = 'login' THEN billable ELSE 0 END),
         SUM(CASE WHEN capability = 'verify' THEN billable ELSE 0 END), SUM(CASE WHEN operator = '' THEN billable ELSE 0 END)
       FROM rollup_billable_monthly WHERE month = ? GROUP BY id`,
    )
    .raw();

  return {
    monthUsage(month) {
      const { first, last } = monthBounds(month);
      // Raw rows: a 10M-call month is some 20k rollup rows, and arrays build faster than objects.
      const rows = db
        .prepare(`SELECT date, id, capability, operator, calls, successes, billable FROM rollup_daily WHERE date BETWEEN ? AND ?`)
        .raw()
        .all(first, last) as [string, string, Capability, Operator, number, number, number][];
      return rows.map(([date, id, capability, operator, calls, successes, billable]) => ({
        date,
        id,
        appId: null,
        capability,
        operator,
        calls,
        successes,
        billable,
      }));
    },

    monthTotals(month) {
      const { first, last } = monthBounds(month);
      // The month's sums kept beside the rollups (workspace-0015): one row per app × operator ×
      // capability, grouped by the primary key's prefix (no sort), and the days from the day sums —
      // some 2,400 + 31 rows at 400 apps instead of a GROUP BY over the month's 72,000 daily rows.
      const days = monthDays.all(first, last) as [string, number][];
      const rows = monthApps.all(month) as [string, number, number, number, number, number, number, number][];
      const byOperator = { CMCC: 0, CUCC: 0, CTCC: 0 };
      const byCapability = { login: 0, verify: 0 };
      // Rows of a provider without an operator split (UNSPLIT_OPERATOR, '').
      let unsplitOperator = 0;
      const byApp: { id: string; billable: number }[] = [];
      for (const [id, billable, cmcc, cucc, ctcc, login, verify, unsplit] of rows) {
        unsplitOperator += unsplit;
        byApp.push({ id, billable });
        byOperator.CMCC += cmcc;
        byOperator.CUCC += cucc;
        byOperator.CTCC += ctcc;
        byCapability.login += login;
        byCapability.verify += verify;
      }
      return {
        days: days.map(([date, billable]) => ({ date, billable })),
        byApp,
        byOperator,
        byCapability,
        ...(unsplitOperator > 0 ? { unsplitOperator } : {}),
      };
    },

    billableBetween(fromDate, beforeDate) {
      if (!(fromDate < beforeDate)) return 0;
      // One row per day (rollup_billable_daily, kept beside rollup_daily by its writers), not per day × app × operator × capability.
      return (
        (db.prepare('SELECT SUM(billable) FROM rollup_billable_daily WHERE date >= ? AND date < ?').pluck().get(fromDate, beforeDate) as number | null) ?? 0
      );
    },

    statementBillableBetween(fromDate, beforeDate) {
      if (!(fromDate < beforeDate)) return 0;
      return (db.prepare('SELECT SUM(billable) FROM usage_lines WHERE date >= ? AND date < ?').pluck().get(fromDate, beforeDate) as number | null) ?? 0;
    },

    packages() {
      const rows = db
        .prepare('SELECT package_id, kind, quota, used, valid_from, valid_to, status, fetched_at FROM packages ORDER BY valid_to, package_id')
        .all() as {
        package_id: string;
        kind: 'trial' | 'commercial';
        quota: number;
        used: number;
        valid_from: number;
        valid_to: number;
        status: string;
        fetched_at: number;
      }[];
      return rows.map((r) => ({
        packageId: r.package_id,
        kind: r.kind,
        quota: r.quota,
        used: r.used,
        validFrom: r.valid_from,
        validTo: r.valid_to,
        status: r.status,
        fetchedAt: r.fetched_at,
      }));
    },

    pricing() {
      const raw = db.prepare(`SELECT value FROM platform_meta WHERE key = 'pricing'`).pluck().get() as string | undefined;
      if (raw === undefined) return null;
      try {
        const parsed = pricingSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },

    subscribed() {
      const row = db.prepare(`SELECT value, fetched_at FROM platform_meta WHERE key = 'packages.subscribed'`).get() as
        { value: string; fetched_at: number } | undefined;
      if (!row) return null;
      try {
        const v: unknown = JSON.parse(row.value);
        return typeof v === 'boolean' ? { subscribed: v, fetchedAt: row.fetched_at } : null;
      } catch {
        return null;
      }
    },

    appLabels(ids) {
      const rows = db.prepare('SELECT id, app_id, name FROM apps').all() as { id: string; app_id: string | null; name: string }[];
      const out = new Map<string, AppLabel>(rows.map((r) => [r.id, { appId: r.app_id, name: r.name }]));
      // Apps whose records arrived before the app itself was synced: their records carry the appId
      // (the record dictionary keeps it, one read for all of them rather than a lookup per app).
      let carried: Map<string, string> | null = null;
      for (const id of ids ?? []) if (!out.has(id)) out.set(id, { appId: (carried ??= recordAppIds(db)).get(id) ?? null, name: null });
      return out;
    },

    appName(id) {
      return (db.prepare('SELECT name FROM apps WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
    },

    statement(month) {
      const head = db.prepare('SELECT generated_at, fetched_at FROM usage_statements WHERE month = ?').get(month) as
        { generated_at: number; fetched_at: number } | undefined;
      if (!head) return null;
      // By the date-leading primary key (one range scan) rather than the month index (a lookup per line);
      // `+month` keeps the planner off that index. Sync refuses lines dated outside their month.
      const { first, last } = monthBounds(month);
      const rows = db
        .prepare('SELECT date, id, app_id, capability, operator, calls, successes, billable FROM usage_lines WHERE date BETWEEN ? AND ? AND +month = ?')
        .raw()
        .all(first, last, month) as [string, string, string, Capability, Operator, number, number, number][];
      return {
        generatedAt: head.generated_at,
        fetchedAt: head.fetched_at,
        lines: rows.map(([date, id, appId, capability, operator, calls, successes, billable]) => ({
          date,
          id,
          appId,
          capability,
          operator,
          calls,
          successes,
          billable,
        })),
      };
    },

    bill(month) {
      const row = db.prepare('SELECT data, fetched_at FROM bills WHERE month = ?').get(month) as { data: string; fetched_at: number } | undefined;
      if (!row) return null;
      let data: unknown;
      try {
        data = JSON.parse(row.data);
      } catch {
        throw new Error(`the stored platform bill of ${month} is not JSON`);
      }
      const parsed = billSchema.safeParse(data);
      if (!parsed.success) throw new Error(`the stored platform bill of ${month} is not a valid bill: ${parsed.error.issues[0]?.message ?? ''}`);
      return { bill: parsed.data, fetchedAt: row.fetched_at };
    },

    refusals(month) {
      const { first, last } = monthBounds(month);
      const rows = db
        .prepare(
          `SELECT result_code AS code, SUM(failures) AS n FROM rollup_failures
           WHERE date BETWEEN ? AND ? AND result_code IN (${packageResultCodes.map(() => '?').join(', ')}) GROUP BY result_code`,
        )
        .all(first, last, ...packageResultCodes) as { code: PackageResultCode; n: number }[];
      return new Map(rows.map((r) => [r.code, r.n]));
    },

    recordsSyncedAt() {
      const v = db.prepare(`SELECT last_success_at FROM sync_state WHERE resource = 'records'`).pluck().get() as number | null | undefined;
      return v ?? null;
    },

    hasRecords() {
      return db.prepare('SELECT 1 FROM rollup_daily LIMIT 1').pluck().get() !== undefined;
    },

    lineTotals(date, id, capability, operator) {
      const row = db
        .prepare('SELECT calls, successes, billable FROM rollup_daily WHERE date = ? AND id = ? AND operator = ? AND capability = ?')
        .get(date, id, operator, capability) as { calls: number; successes: number; billable: number } | undefined;
      return row ?? { calls: 0, successes: 0, billable: 0 };
    },
  };
}
