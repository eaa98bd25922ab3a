/** The home screen's reads beside the record counts (summary.ts): recent app events, packages, the last two bills. */
import type { Db } from '../db/open';

export interface ActivityRow {
  seq: number;
  at: number;
  kind: string;
  id: string;
  appId: string | null;
  name: string;
  detail: string;
}

export interface PackageRow {
  packageId: string;
  kind: string;
  quota: number;
  used: number;
  validFrom: number;
  validTo: number;
  status: string;
}

export interface BillRow {
  month: string;
  status: string;
  data: string;
}

export interface SummaryQuery {
  recentActivities(limit: number): ActivityRow[];
  packages(): PackageRow[];
  /** The bills of two months, newest first. */
  bills(month: string, previous: string): BillRow[];
}

export function summaryQuery(db: Db): SummaryQuery {
  const activities = db.prepare<[number], ActivityRow>(
    `SELECT seq, at, kind, id, app_id AS appId, name, detail FROM activities ORDER BY at DESC, seq DESC LIMIT ?`,
  );
  const packages = db.prepare<[], PackageRow>(
    `SELECT package_id AS packageId, kind, quota, used, valid_from AS validFrom, valid_to AS validTo, status FROM packages ORDER BY valid_to, package_id`,
  );
  const bills = db.prepare<[string, string], BillRow>(`SELECT month, status, data FROM bills WHERE month IN (?, ?) ORDER BY month DESC`);
  return {
    recentActivities: (limit) => activities.all(limit),
    packages: () => packages.all(),
    bills: (month, previous) => bills.all(month, previous),
  };
}
