import type { PgMigration } from './index';

/**
 * The team store on PostgreSQL: the sync path's tables in the compact design (dictionary ids for
 * apps and codes, small integers for enums, booleans for flags) and auth records partitioned by
 * Shanghai month, so a month can be detached to archive. Times are epoch ms (bigint), as in SQLite.
 *
 * Records are immutable and a record's seq fixes its request time, so the primary key
 * (seq, request_ms) — which must contain the partition key — still refuses a second copy of a record.
 */
export const pgCore: PgMigration = {
  version: 1,
  name: 'core',
  up: `
CREATE TABLE apps (
  id          text PRIMARY KEY,
  app_id      text,
  name        text NOT NULL,
  platform    text NOT NULL,
  status      text NOT NULL,
  version     bigint NOT NULL,
  created_at  bigint NOT NULL,
  updated_at  bigint NOT NULL,
  data        jsonb NOT NULL            -- the platform App, appKey removed: a shared store holds no app keys
);
CREATE INDEX apps_app_id ON apps(app_id);

-- Dictionaries: a record carries small integers instead of repeated strings.
CREATE TABLE dict_apps (
  n       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id      text NOT NULL,
  app_id  text NOT NULL,
  UNIQUE (id, app_id)
);
CREATE TABLE dict_texts (
  n  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  t  text NOT NULL UNIQUE
);

CREATE TABLE auth_records (
  seq          bigint NOT NULL,
  request_ms   bigint NOT NULL,
  app          integer NOT NULL,        -- dict_apps.n
  operator     smallint NOT NULL,       -- 0 CMCC, 1 CUCC, 2 CTCC
  capability   smallint NOT NULL,       -- 0 login, 1 verify
  success      boolean NOT NULL,
  billable     boolean NOT NULL,
  outcome      smallint,                -- 0 match, 1 mismatch, 2 unknown
  result_code  integer NOT NULL,        -- dict_texts.n
  carrier_code integer,                 -- dict_texts.n
  description  integer NOT NULL,        -- dict_texts.n
  auth_type    integer,                 -- dict_texts.n
  masked_phone text,
  client_ip    text,
  record_id    text NOT NULL,
  trace_id     text NOT NULL,
  PRIMARY KEY (seq, request_ms)
) PARTITION BY RANGE (request_ms);
-- Keyset search runs newest first on (request_ms, seq); each partition gets these indexes.
CREATE INDEX auth_records_time ON auth_records (request_ms, seq);
CREATE INDEX auth_records_app_time ON auth_records (app, request_ms, seq);
CREATE INDEX auth_records_failures ON auth_records (result_code, request_ms, seq) WHERE NOT success;

-- Per Shanghai day × app × operator × capability, kept in the same statement as the insert.
CREATE TABLE rollup_daily (
  day         date NOT NULL,
  app         integer NOT NULL,
  operator    smallint NOT NULL,
  capability  smallint NOT NULL,
  calls       bigint NOT NULL,
  successes   bigint NOT NULL,
  billable    bigint NOT NULL,
  PRIMARY KEY (day, app, operator, capability)
);
CREATE TABLE rollup_failures (
  day          date NOT NULL,
  app          integer NOT NULL,
  operator     smallint NOT NULL,
  capability   smallint NOT NULL,
  result_code  integer NOT NULL,
  carrier_code integer NOT NULL,        -- 0 when none
  failures     bigint NOT NULL,
  PRIMARY KEY (day, app, operator, capability, result_code, carrier_code)
);

CREATE TABLE sync_state (
  resource         text PRIMARY KEY,
  cursor           text,
  rows             bigint NOT NULL DEFAULT 0,
  last_attempt_at  bigint,
  last_success_at  bigint,
  last_error       jsonb
);
`,
};
