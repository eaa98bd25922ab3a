/**
 * Fixtures of the billing tests: auth records written through the real ingest path
 * (authRecordsWriter keeps the rollups that billing reads), and the platform's statement,
 * bill, packages and pricing written the way sync writes them.
 */
import type { Capability, Operator, VerifyOutcome } from '../../../../../shared/platform/domain';
import type { PlatformAuthRecord, PlatformBill, PlatformPackages, PlatformPricing, PlatformUsageStatement } from '../../../../../shared/platform/schemas';
import { toShanghaiIso } from '../../../../../shared/time/shanghai';
import type { Db } from '../../db/open';
import { authRecordsWriter } from '../../store/auth-records-repo';
import { billsWriter } from '../../store/bills-repo';
import { metaWriter } from '../../store/meta-repo';
import { packagesWriter } from '../../store/packages-repo';
import { usageWriter } from '../../store/usage-repo';

export interface RecordSpec {
  at: string | number;
  id?: string;
  appId?: string;
  capability?: Capability;
  operator?: Operator;
  success?: boolean;
  outcome?: VerifyOutcome | null;
  resultCode?: string;
  count?: number;
}

let seq = 0;

/** Builds records (seq increasing across calls) for one spec. */
export function records(spec: RecordSpec): PlatformAuthRecord[] {
  const capability = spec.capability ?? 'login';
  const success = spec.success ?? true;
  const outcome = spec.outcome !== undefined ? spec.outcome : capability === 'verify' ? (success ? 'match' : null) : null;
  const ms = typeof spec.at === 'number' ? spec.at : Date.parse(spec.at);
  return Array.from({ length: spec.count ?? 1 }, (_, i) => {
    seq += 1;
    return {
      seq,
      recordId: `r${seq}`,
      id: spec.id ?? 'app-1',
      appId: spec.appId ?? `3000${(spec.id ?? 'app-1').replace(/\D/g, '') || '0'}`,
      capability,
      operator: spec.operator ?? 'CMCC',
      requestTime: toShanghaiIso(ms + i),
      resultCode: spec.resultCode ?? (success ? '200' : '10500'),
      success,
      outcome,
      carrierCode: null,
      description: success ? '成功' : '取号失败',
      maskedPhone: '138****0000',
      authType: null,
      clientIp: '10.0.0.1',
      traceId: `t${seq}`,
    };
  });
}

export function insertRecords(db: Db, ...specs: RecordSpec[]): number {
  const writer = authRecordsWriter(db);
  return db.transaction(() => specs.reduce((n, s) => n + writer.insert(records(s)), 0))();
}

export function putStatement(db: Db, st: PlatformUsageStatement, at = Date.now()): void {
  db.transaction(() => usageWriter(db).replaceMonth(st, at))();
}

export function putBill(db: Db, bill: PlatformBill, at = Date.now()): void {
  db.transaction(() => billsWriter(db).upsert(bill, at))();
}

export function putPackages(db: Db, p: PlatformPackages, at = Date.now()): void {
  db.transaction(() => packagesWriter(db).replaceAll(p, at))();
}

export function putPricing(db: Db, p: PlatformPricing, at = Date.now()): void {
  metaWriter(db).put('pricing', p, at);
}

/** The platform's statement as the platform would compute it from the same records: our rollups, read back. */
export function statementFromRollups(db: Db, month: string): PlatformUsageStatement {
  const rows = db
    .prepare(
      `SELECT r.date, r.id, r.capability, r.operator, r.calls, r.successes, r.billable,
      (SELECT app_id FROM auth_records a WHERE a.id = r.id LIMIT 1) AS appId
      FROM rollup_daily r WHERE r.date LIKE ? ORDER BY r.date, r.id, r.capability, r.operator`,
    )
    .all(`${month}-%`) as {
    date: string;
    id: string;
    capability: Capability;
    operator: Operator;
    calls: number;
    successes: number;
    billable: number;
    appId: string;
  }[];
  return { month, items: rows.map((r) => ({ ...r })), generatedAt: '2026-11-15T12:00:00.000+08:00' };
}
