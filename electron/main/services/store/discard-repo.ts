/**
 * Forgetting one resource's local copy, for a copy that no longer matches its platform (the
 * demo emulator regenerates itself). Runs inside the transaction that writes the resource's
 * first fresh page, so readers see the old copy or the new one, never an empty table.
 */
import type { Statement } from 'better-sqlite3';
import type { SyncResource } from '../../../../shared/contract/sync';
import type { Db } from '../db/open';
import { rollupsReset } from './rollup-journal';
import { recountRollupTotals } from './rollup-totals-repo';

const statements: Record<SyncResource, readonly string[]> = {
  apps: ['DELETE FROM apps', 'DELETE FROM app_versions'],
  activities: ['DELETE FROM activities'],
  records: [
    'DELETE FROM auth_record_rows',
    'DELETE FROM record_apps',
    'DELETE FROM record_codes',
    'DELETE FROM record_descriptions',
    // Its rows name record_codes keys, which start again from 1 once the codes are gone.
    'DELETE FROM record_catalogue',
    'DELETE FROM rollup_daily',
    'DELETE FROM rollup_hourly',
    'DELETE FROM rollup_failures',
    'DELETE FROM rollup_codes_hourly',
    'DELETE FROM rollup_slots',
    'DELETE FROM rollup_slot_failures',
  ],
  usage: ['DELETE FROM usage_lines', 'DELETE FROM usage_statements'],
  bills: ['DELETE FROM bills'],
  packages: ['DELETE FROM packages', "DELETE FROM platform_meta WHERE key = 'packages.subscribed'"],
  pricing: ["DELETE FROM platform_meta WHERE key = 'pricing'"],
};

export interface DiscardRepo {
  /** Deletes the resource's rows and resets its cursor. Call inside a transaction. */
  discard(resource: SyncResource): void;
}

export function discardRepo(db: Db): DiscardRepo {
  const deletes = Object.fromEntries(Object.entries(statements).map(([resource, sqls]) => [resource, sqls.map((sql) => db.prepare(sql))])) as Record<
    SyncResource,
    Statement[]
  >;
  const resetCursor = db.prepare('UPDATE sync_state SET cursor = NULL, rows = 0 WHERE resource = ?');
  return {
    discard(resource) {
      for (const stmt of deletes[resource]) stmt.run();
      resetCursor.run(resource);
      if (resource === 'records') {
        // The day and month totals of the rollups just deleted (no rollups left: none left either).
        recountRollupTotals(db);
        rollupsReset(db);
      }
    },
  };
}
