import type { PgMigration } from './index';

/**
 * The rest of a workspace in the team store, so every command that reads a --db file reads a
 * team store too:
 *   - activities, usage, bills, packages and platform facts, with the SQLite workspace's columns
 *     (workspace-0001) so one row shape crosses between the engines unchanged;
 *   - the record rollups at the grains statistics and alerts read (hour, ten-minute slot, failure
 *     code by hour), in the compact form of rollup_daily and kept by the same insert statement as
 *     the records. Existing stores are backfilled from their records.
 * A failure counts under its platform code and, when it differs and is not empty, its carrier
 * code, as in SQLite's rollup_codes_hourly.
 */
export const pgWorkspaceTables: PgMigration = {
  version: 4,
  name: 'workspace-tables',
  up: `
CREATE TABLE activities (
  seq     bigint PRIMARY KEY,
  at      bigint NOT NULL,
  kind    text NOT NULL,
  app_id  text,
  id      text NOT NULL,
  name    text NOT NULL,
  detail  text NOT NULL
);
CREATE TABLE usage_lines (
  month       text NOT NULL,
  date        text NOT NULL,
  id          text NOT NULL,
  app_id      text NOT NULL,
  capability  text NOT NULL,
  operator    text NOT NULL,
  calls       bigint NOT NULL,
  successes   bigint NOT NULL,
  billable    bigint NOT NULL,
  PRIMARY KEY (date, id, capability, operator)
);
CREATE TABLE usage_statements (
  month         text PRIMARY KEY,
  generated_at  bigint NOT NULL,
  fetched_at    bigint NOT NULL,
  lines         bigint NOT NULL
);
CREATE TABLE bills (
  month         text PRIMARY KEY,
  status        text NOT NULL,
  data          text NOT NULL,
  generated_at  bigint NOT NULL,
  fetched_at    bigint NOT NULL
);
CREATE TABLE packages (
  package_id  text PRIMARY KEY,
  kind        text NOT NULL,
  quota       bigint NOT NULL,
  used        bigint NOT NULL,
  valid_from  bigint NOT NULL,
  valid_to    bigint NOT NULL,
  status      text NOT NULL,
  fetched_at  bigint NOT NULL
);
CREATE TABLE platform_meta (
  key         text PRIMARY KEY,
  value       text NOT NULL,
  fetched_at  bigint NOT NULL
);

CREATE TABLE rollup_hourly (
  day         date NOT NULL,
  hour        smallint NOT NULL,
  app         integer NOT NULL,
  operator    smallint NOT NULL,
  capability  smallint NOT NULL,
  calls       bigint NOT NULL,
  successes   bigint NOT NULL,
  billable    bigint NOT NULL,
  PRIMARY KEY (day, hour, app, operator, capability)
);
CREATE TABLE rollup_slots (
  day         date NOT NULL,
  slot        smallint NOT NULL,
  app         integer NOT NULL,
  operator    smallint NOT NULL,
  capability  smallint NOT NULL,
  calls       bigint NOT NULL,
  successes   bigint NOT NULL,
  PRIMARY KEY (day, slot, app, operator, capability)
);
CREATE TABLE rollup_slot_failures (
  day          date NOT NULL,
  slot         smallint NOT NULL,
  app          integer NOT NULL,
  operator     smallint NOT NULL,
  capability   smallint NOT NULL,
  result_code  integer NOT NULL,
  carrier_code integer NOT NULL,        -- 0 when none
  failures     bigint NOT NULL,
  PRIMARY KEY (day, slot, app, operator, capability, result_code, carrier_code)
);
CREATE TABLE rollup_codes_hourly (
  code      integer NOT NULL,           -- dict_texts.n
  day       date NOT NULL,
  hour      smallint NOT NULL,
  failures  bigint NOT NULL,
  PRIMARY KEY (code, day, hour)
);

WITH r AS (
  SELECT date '1970-01-01' + ((request_ms + 28800000) / 86400000)::int AS day, ((request_ms + 28800000) / 3600000 % 24)::smallint AS hour,
         ((request_ms + 28800000) / 600000 % 144)::smallint AS slot, app, operator, capability, success, billable, result_code, carrier_code
    FROM auth_records
), h AS (
  INSERT INTO rollup_hourly SELECT day, hour, app, operator, capability, count(*), count(*) FILTER (WHERE success), count(*) FILTER (WHERE billable)
    FROM r GROUP BY 1, 2, 3, 4, 5
), s AS (
  INSERT INTO rollup_slots SELECT day, slot, app, operator, capability, count(*), count(*) FILTER (WHERE success) FROM r GROUP BY 1, 2, 3, 4, 5
), sf AS (
  INSERT INTO rollup_slot_failures SELECT day, slot, app, operator, capability, result_code, coalesce(carrier_code, 0), count(*)
    FROM r WHERE NOT success GROUP BY 1, 2, 3, 4, 5, 6, 7
)
INSERT INTO rollup_codes_hourly SELECT code, day, hour, count(*) FROM (
  SELECT result_code AS code, day, hour FROM r WHERE NOT success
  UNION ALL
  SELECT carrier_code, day, hour FROM r WHERE NOT success AND carrier_code IS NOT NULL AND carrier_code <> result_code
     AND carrier_code IS DISTINCT FROM (SELECT n FROM dict_texts WHERE t = '')
) c GROUP BY 1, 2, 3;
`,
};
