import type { Migration } from '../migrate';

/**
 * The day and month totals (rollup_billable_daily, rollup_billable_monthly, rollup_codes_daily) are
 * written by the writers of the base rollups from then on, not by triggers (issue 13: the sync's
 * writer within 20 % of the bare insert). The triggers of workspace-0004 and workspace-0015 ran per
 * upserted rollup row — four statements per failure cell, two per daily cell — where the ingest
 * writer now adds each page's sums once per total row, and every other writer recounts what it
 * touched (store/rollup-totals-repo.ts). The totals are left as they are: the triggers kept them exact
 * up to this migration.
 */
export const workspaceRollupTotalsByWriters: Migration = {
  version: 12,
  name: 'rollup-totals-by-writers',
  up: `
DROP TRIGGER rollup_failures_codes_ins;
DROP TRIGGER rollup_failures_codes_upd;
DROP TRIGGER rollup_failures_codes_del;
DROP TRIGGER rollup_daily_billable_ins;
DROP TRIGGER rollup_daily_billable_add;
DROP TRIGGER rollup_daily_billable_move;
DROP TRIGGER rollup_daily_billable_del;
DROP TRIGGER rollup_daily_monthly_ins;
DROP TRIGGER rollup_daily_monthly_add;
DROP TRIGGER rollup_daily_monthly_move;
DROP TRIGGER rollup_daily_monthly_del;
`,
};
