import type { PgMigration } from './index';

/**
 * What the team's writer is doing, for every console that reads the store: which process, its
 * state (syncing, idle between runs, stopped), the resource and count of its current run, its
 * last run's summary and when the next is due. One row per writer name (a daemon, or a one-off
 * `onetap sync --store`); whether it is alive is told by its advisory locks, not by this row
 * (a writer killed with -9 cannot update it).
 */
export const pgWriterStatus: PgMigration = {
  version: 6,
  name: 'writer-status',
  up: `
CREATE TABLE writer_status (
  writer        text PRIMARY KEY,
  state         text NOT NULL CHECK (state IN ('syncing', 'idle', 'stopped')),
  resource      text,
  done          bigint NOT NULL DEFAULT 0,
  run_started   bigint,
  updated_at    bigint NOT NULL,
  next_run_at   bigint,
  last_summary  jsonb,
  server_pid    integer
);
`,
};
