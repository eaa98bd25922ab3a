/**
 * What a workspace's local bill is computed from ("the basis"), so that every role gets a bill
 * that is right for what its key can read:
 *   - 'records': the auth records we synced (rollups) — the independent side of reconciliation;
 *   - 'statement': the platform's usage statement of the month, when the key cannot read auth
 *     records (a finance key) or none were ever synced; lines are then not compared, because
 *     there is nothing independent to compare them with — only the bill against the statement;
 *   - 'none': neither exists for the month: there is no bill to show, which is not ¥0.
 */
import type { BillBasis } from '../../../../shared/contract/billing';
import { roleAllows } from '../platform/roles';
import { metaRepo } from '../store/meta-repo';
import type { Role } from '../../../../shared/platform/domain';
import type { Db } from '../db/open';
import type { BillingRepo, StoredStatement } from './billing-repo';

export interface MonthBasis {
  basis: BillBasis;
  /** The month's statement when it is the basis. */
  statement: StoredStatement | null;
  /** Whether the workspace's key may read auth records (unknown role: assumed yes). */
  recordsReadable: boolean;
}

export function monthBasis(db: Db, repo: BillingRepo, month: string): MonthBasis {
  const role = metaRepo(db).get<{ role?: Role }>('whoami')?.role ?? null;
  const recordsReadable = role === null || roleAllows(role, 'records.read');
  if (recordsReadable && (repo.recordsSyncedAt() !== null || repo.hasRecords())) return { basis: 'records', statement: null, recordsReadable };
  const statement = repo.statement(month);
  return { basis: statement ? 'statement' : 'none', statement, recordsReadable };
}
