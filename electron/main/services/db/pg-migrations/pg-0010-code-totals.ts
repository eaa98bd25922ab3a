import type { PgMigration } from './index';

/**
 * Failure-code searches at any size:
 *   - a page of a code is two arms merged (team-store/pg-store.ts), its platform code on
 *     auth_records_failures and its carrier code on auth_records_carrier, each handing failures in
 *     time order, so a page never sorts every failure of a code (the planner did, after a scan);
 *   - a code with an app, operator or capability counts its whole days from rollup_failures
 *     (team-store/pg-totals.ts), whose key leads with the day: without an index per code column
 *     (as SQLite's rollup_failures_code / _carrier) that reads every failure cell of the range,
 *     about one per failed record at 10M records. A code alone reads rollup_codes_hourly, whose
 *     key leads with the code already.
 *
 * Only indexes: an existing store has every row they need, built in this migration's transaction
 * (on the partitioned table, one per month partition).
 */
export const pgCodeTotals: PgMigration = {
  version: 9,
  name: 'code-totals',
  up: `
CREATE INDEX auth_records_carrier ON auth_records (carrier_code, request_ms, seq) WHERE NOT success;
CREATE INDEX rollup_failures_code ON rollup_failures (result_code, day);
CREATE INDEX rollup_failures_carrier ON rollup_failures (carrier_code, day);
`,
};
