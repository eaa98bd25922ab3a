/**
 * The team store on PostgreSQL. Reads go through a small pool; writes go through one dedicated
 * connection that holds the writer's advisory locks, so the server releases them the moment that
 * process dies (kill -9 included) and an uncommitted page is rolled back with it.
 *
 * A page is one transaction: the month partitions it needs, its dictionary entries, its records,
 * one statement that adds exactly the records it stored to every rollup, then the cursor. The
 * records of a page above every stored seq (the ingest's usual next page) are streamed in with
 * COPY FROM STDIN (pg-copy-streams), several times faster than an INSERT's per-row path; any
 * other page (served again, or older) goes through one INSERT that skips stored seqs and hands
 * the inserted ones to the rollups (data-modifying CTEs).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ApiError } from '../../../../shared/contract/errors';
import type { ArchivedMonthNotice, RecordsSearchOutput } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { ArchiveRow } from '../archive/archives-repo';
import type { HistoryRow } from '../export/history-repo';
import type { TeamRecordExport, TeamRecordReader } from '../workspaces/active';
import { capabilities, isBillable, operators, verifyOutcomes, type Capability, type Operator, type VerifyOutcome } from '../../../../shared/platform/domain';
import type { PlatformApp, PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { parseIsoInstant, shanghaiMonth, shanghaiMonthRange } from '../../../../shared/time/shanghai';
import { storedAppJson, type AppVersionRow } from '../store/apps-repo';
import { canonicalLine, type CanonicalRecord } from '../store/content-digest';
import { instantMs } from '../store/auth-records-repo';
import type { SyncErrorInfo, SyncStateRow } from '../store/sync-state-repo';
import { appNamesById, type AppRow } from '../records/app-directory';
import { cursorFor, encodeCursor } from '../records/cursor';
import { carrierDecoder, toCanonicalRecord, toRecordItem, type RecordRow } from '../records/record-item';
import type { SearchInput } from '../records/record-scanner';
import { resolveFilter, type ResolvedFilter } from '../records/resolve-filter';
import { checkPgSchema, LOCK_NAMESPACE, migratePg } from './pg-migrate';
import { pgFilterKeys, pgRecordTotal, type FilterKeys } from './pg-totals';
import { sortRollups, type AcquireOptions, type DailyRollup, type SyncStore, type WriterLease } from './store';

export interface PgStoreOptions {
  /** Connection (host may be a socket directory); the password never comes from the URL here. */
  config: pg.PoolConfig;
  /** The writer migrates; readers only check the schema is this code's. */
  migrate: boolean;
  /** Shown to other consoles as the holder of the writer lock. */
  applicationName?: string;
  /**
   * COPY a page none of whose records is stored yet (default true); false sends every page through
   * the insert that skips stored records (the benchmark's baseline; the same records either way).
   */
  copyPages?: boolean;
}

/** The writer lock's second key per resource (the first is LOCK_NAMESPACE). */
export const WRITER_KEYS: Readonly<Record<string, number>> = { apps: 1, activities: 2, records: 3, usage: 4, bills: 5, packages: 6, pricing: 7 };
/** The second key that serializes appends to the export history (held for one transaction). */
const EXPORT_HISTORY_KEY = 100;

const opIndex = new Map<string, number>(operators.map((o, i) => [o, i]));
const capIndex = new Map<string, number>(capabilities.map((c, i) => [c, i]));
const outcomeIndex = new Map<string, number>(verifyOutcomes.map((o, i) => [o, i]));

export function partitionName(month: string): string {
  return `auth_records_${month.replace('-', '_')}`;
}

interface StateRaw {
  resource: string;
  cursor: string | null;
  rows: string;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: SyncErrorInfo | null;
}

const stateRow = (r: StateRaw): SyncStateRow => ({
  resource: r.resource,
  cursor: r.cursor,
  rows: Number(r.rows),
  lastAttemptAt: r.last_attempt_at === null ? null : Number(r.last_attempt_at),
  lastSuccessAt: r.last_success_at === null ? null : Number(r.last_success_at),
  lastError: r.last_error,
});

/** Stored record columns, in the order a page sends them (the unnest arrays, the COPY rows). */
const RECORD_COLUMN_NAMES =
  'seq, request_ms, app, operator, capability, success, billable, outcome, result_code, carrier_code, description, auth_type, masked_phone, client_ip, record_id, trace_id';
/** What the rollups need of each record a page stored. */
const ROLLUP_INPUT = 'request_ms, app, operator, capability, success, billable, result_code, carrier_code';

/** A page that may hold records already stored: each is skipped (a record is immutable), and only the inserted ones reach the rollups. */
const INSERT_NEW = `INSERT INTO auth_records (${RECORD_COLUMN_NAMES})
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::smallint[], $5::smallint[], $6::bool[], $7::bool[], $8::smallint[],
                       $9::int[], $10::int[], $11::int[], $12::int[], $13::text[], $14::text[], $15::text[], $16::text[])
  ON CONFLICT DO NOTHING
  RETURNING ${ROLLUP_INPUT}`;

/**
 * One statement that adds the records `stored` yields (ROLLUP_INPUT columns: exactly the records
 * this page stored, each once) to every rollup, and returns how many there were.
 */
const addToRollups = (stored: string): string => `
WITH ins AS (
  ${stored}
), days AS (
  SELECT date '1970-01-01' + ((request_ms + 28800000) / 86400000)::int AS day, ((request_ms + 28800000) / 3600000 % 24)::smallint AS hour,
         ((request_ms + 28800000) / 600000 % 144)::smallint AS slot, app, operator, capability, success, billable, result_code, carrier_code FROM ins
), h AS (
  INSERT INTO rollup_hourly (day, hour, app, operator, capability, calls, successes, billable)
  SELECT day, hour, app, operator, capability, count(*), count(*) FILTER (WHERE success), count(*) FILTER (WHERE billable) FROM days GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (day, hour, app, operator, capability) DO UPDATE SET calls = rollup_hourly.calls + excluded.calls,
    successes = rollup_hourly.successes + excluded.successes, billable = rollup_hourly.billable + excluded.billable
), s AS (
  INSERT INTO rollup_slots (day, slot, app, operator, capability, calls, successes)
  SELECT day, slot, app, operator, capability, count(*), count(*) FILTER (WHERE success) FROM days GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (day, slot, app, operator, capability) DO UPDATE SET calls = rollup_slots.calls + excluded.calls,
    successes = rollup_slots.successes + excluded.successes
), sf AS (
  INSERT INTO rollup_slot_failures (day, slot, app, operator, capability, result_code, carrier_code, failures)
  SELECT day, slot, app, operator, capability, result_code, coalesce(carrier_code, 0), count(*) FROM days WHERE NOT success GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (day, slot, app, operator, capability, result_code, carrier_code) DO UPDATE SET failures = rollup_slot_failures.failures + excluded.failures
), ch AS (
  INSERT INTO rollup_codes_hourly (code, day, hour, failures)
  SELECT code, day, hour, count(*) FROM (
    SELECT result_code AS code, day, hour FROM days WHERE NOT success
    UNION ALL
    SELECT carrier_code, day, hour FROM days WHERE NOT success AND carrier_code IS NOT NULL AND carrier_code <> result_code
       AND carrier_code IS DISTINCT FROM (SELECT n FROM dict_texts WHERE t = '')
  ) c GROUP BY 1, 2, 3
  ON CONFLICT (code, day, hour) DO UPDATE SET failures = rollup_codes_hourly.failures + excluded.failures
), d AS (
  INSERT INTO rollup_daily (day, app, operator, capability, calls, successes, billable)
  SELECT day, app, operator, capability, count(*), count(*) FILTER (WHERE success), count(*) FILTER (WHERE billable) FROM days GROUP BY 1, 2, 3, 4
  ON CONFLICT (day, app, operator, capability) DO UPDATE SET calls = rollup_daily.calls + excluded.calls,
    successes = rollup_daily.successes + excluded.successes, billable = rollup_daily.billable + excluded.billable
), f AS (
  INSERT INTO rollup_failures (day, app, operator, capability, result_code, carrier_code, failures)
  SELECT day, app, operator, capability, result_code, coalesce(carrier_code, 0), count(*) FROM days WHERE NOT success GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (day, app, operator, capability, result_code, carrier_code) DO UPDATE SET failures = rollup_failures.failures + excluded.failures
)
SELECT count(*)::int AS n FROM ins`;
const INSERT_PAGE = addToRollups(INSERT_NEW);
/** After a COPY of a page none of whose records was stored: all of them, sent again as arrays (never read back). */
const ROLLUP_COPIED = addToRollups(
  `SELECT * FROM unnest($1::bigint[], $2::int[], $3::smallint[], $4::smallint[], $5::bool[], $6::bool[], $7::int[], $8::int[]) AS p(${ROLLUP_INPUT})`,
);
/** The columns of ROLLUP_INPUT among a page's RECORD_COLUMN_NAMES. */
const ROLLUP_COLUMNS = [1, 2, 3, 4, 5, 6, 8, 9];

/** Moves a numeric cursor forward only, and adds the page's rows. */
const ADVANCE = `INSERT INTO sync_state (resource, cursor, rows) VALUES ($1, $2, $3)
  ON CONFLICT (resource) DO UPDATE SET
    cursor = CASE WHEN sync_state.cursor IS NULL OR sync_state.cursor::numeric < excluded.cursor::numeric THEN excluded.cursor ELSE sync_state.cursor END,
    rows = sync_state.rows + excluded.rows`;

/** A writer's report of what it is doing (writer_status). */
export interface WriterStatusUpdate {
  writer: string;
  state: 'syncing' | 'idle' | 'stopped';
  resource: string | null;
  done: number;
  runStarted: number | null;
  updatedAt: number;
  nextRunAt: number | null;
  /** The last finished run's summary (null keeps the stored one). */
  lastSummary: unknown;
}

export interface WriterStatus extends Omit<WriterStatusUpdate, 'lastSummary'> {
  lastSummary: unknown;
  /** The resources whose writer lock this writer's session holds now: empty when it is not running. */
  holding: string[];
}

/** Rows of workspace tables by table name, in the SQLite workspace's column names and values. */
export type WorkspaceTables = Record<string, Record<string, unknown>[]>;

/** The tables each synced resource owns besides apps and records (which have their own pages). */
export const RESOURCE_TABLES: Readonly<Record<string, readonly string[]>> = {
  activities: ['activities'],
  usage: ['usage_lines', 'usage_statements'],
  bills: ['bills'],
  packages: ['packages', 'platform_meta'],
  pricing: ['platform_meta'],
};

const DAY = "to_char(r.day, 'YYYY-MM-DD')";
/** Each workspace table as the SQLite workspace holds it (texts for dictionary ids, '' for no carrier code). */
const SNAPSHOT_QUERIES: Readonly<Record<string, string>> = {
  apps: 'SELECT id, app_id, name, platform, status, version, created_at, updated_at, data::text AS data FROM apps',
  app_versions: 'SELECT id, version, seen_at, data::text AS data FROM app_versions',
  activities: 'SELECT * FROM activities',
  usage_lines: 'SELECT * FROM usage_lines',
  usage_statements: 'SELECT * FROM usage_statements',
  bills: 'SELECT * FROM bills',
  packages: 'SELECT * FROM packages',
  platform_meta: 'SELECT * FROM platform_meta',
  sync_state: 'SELECT resource, cursor, rows, last_attempt_at, last_success_at, last_error::text AS last_error FROM sync_state',
  rollup_daily: `SELECT ${DAY} AS date, a.id, r.operator, r.capability, sum(r.calls) AS calls, sum(r.successes) AS successes, sum(r.billable) AS billable
    FROM rollup_daily r JOIN dict_apps a ON a.n = r.app GROUP BY 1, 2, 3, 4`,
  rollup_hourly: `SELECT ${DAY} AS date, r.hour, a.id, r.operator, r.capability, sum(r.calls) AS calls, sum(r.successes) AS successes, sum(r.billable) AS billable
    FROM rollup_hourly r JOIN dict_apps a ON a.n = r.app GROUP BY 1, 2, 3, 4, 5`,
  rollup_failures: `SELECT ${DAY} AS date, a.id, r.operator, r.capability, rc.t AS result_code, coalesce(cc.t, '') AS carrier_code, sum(r.failures) AS failures
    FROM rollup_failures r JOIN dict_apps a ON a.n = r.app JOIN dict_texts rc ON rc.n = r.result_code LEFT JOIN dict_texts cc ON cc.n = r.carrier_code
    GROUP BY 1, 2, 3, 4, 5, 6`,
  rollup_codes_hourly: `SELECT t.t AS code, ${DAY} AS date, r.hour, sum(r.failures) AS failures
    FROM rollup_codes_hourly r JOIN dict_texts t ON t.n = r.code GROUP BY 1, 2, 3`,
  rollup_slots: `SELECT ${DAY} AS date, r.slot, a.id, r.operator, r.capability, sum(r.calls) AS calls, sum(r.successes) AS successes
    FROM rollup_slots r JOIN dict_apps a ON a.n = r.app WHERE r.day >= $1::date GROUP BY 1, 2, 3, 4, 5`,
  rollup_slot_failures: `SELECT ${DAY} AS date, r.slot, a.id, r.operator, r.capability, rc.t AS result_code, coalesce(cc.t, '') AS carrier_code,
      sum(r.failures) AS failures
    FROM rollup_slot_failures r JOIN dict_apps a ON a.n = r.app JOIN dict_texts rc ON rc.n = r.result_code LEFT JOIN dict_texts cc ON cc.n = r.carrier_code
    WHERE r.day >= $1::date GROUP BY 1, 2, 3, 4, 5, 6, 7`,
};
/** The ten-minute rollups: by far the largest of the workspace tables (144 rows a day per cell), read from a first day only. */
const WINDOWED = new Set(['rollup_slots', 'rollup_slot_failures']);

export class PgStore implements SyncStore, TeamRecordReader {
  readonly engine = 'postgresql' as const;
  private writer: pg.Client | null = null;
  private held: string[] = [];
  /** Dictionary ids and partitions known to be committed (filled only after COMMIT). */
  private readonly texts = new Map<string, number>();
  private readonly apps = new Map<string, number>();
  private readonly partitions = new Set<string>();
  /**
   * The greatest stored seq, known while this store holds the records writer lock (no one else
   * stores records then): looked up once per lease, raised by each committed page; undefined = not known.
   */
  private maxSeq: number | null | undefined = undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly config: pg.ClientConfig,
    private readonly copyPages: boolean,
  ) {}

  static async open(opts: PgStoreOptions): Promise<PgStore> {
    const config: pg.PoolConfig = { ...opts.config, application_name: opts.applicationName ?? 'onetap', max: opts.config.max ?? 4 };
    const pool = new pg.Pool(config);
    // An idle pooled connection dropped by the server must not crash the process.
    pool.on('error', () => undefined);
    const store = new PgStore(pool, config, opts.copyPages ?? true);
    try {
      const client = await pool.connect();
      try {
        if (opts.migrate) await migratePg(client);
        else await checkPgSchema(client);
      } finally {
        client.release();
      }
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  async acquireWriter(resources: readonly string[], opts: AcquireOptions = {}): Promise<WriterLease> {
    if (this.writer) throw new Error('this store already holds a writer lease');
    const keys = [...new Set(resources)].sort().map((r) => {
      const k = WRITER_KEYS[r];
      if (k === undefined) throw new Error(`no writer lock for resource ${r}`);
      return [r, k] as const;
    });
    const client = new pg.Client(this.config);
    client.on('error', () => undefined);
    await client.connect();
    const got: string[] = [];
    try {
      for (const [resource, key] of keys) {
        if (opts.wait) {
          await client.query(`SET lock_timeout = ${Math.max(0, Math.floor(opts.timeoutMs ?? 0))}`);
          try {
            await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, key]);
          } catch (e) {
            if ((e as { code?: string }).code === '55P03') await this.lockOrRefuse(client, resource, key, `waited ${opts.timeoutMs} ms`);
            else throw e;
          }
        } else if (!(await this.tryLock(client, key))) await this.lockOrRefuse(client, resource, key, null);
        got.push(resource);
      }
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    this.writer = client;
    this.held = got;
    this.maxSeq = undefined;
    return {
      resources: got,
      release: async () => {
        if (this.writer !== client) return;
        this.writer = null;
        this.held = [];
        this.maxSeq = undefined;
        // Ending the session releases its advisory locks.
        await client.end().catch(() => undefined);
      },
    };
  }

  private async tryLock(client: pg.Client, key: number): Promise<boolean> {
    return (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_NAMESPACE, key])).rows[0]?.ok === true;
  }

  /**
   * The lock was refused: find who holds it, to name them. The holder may let go between the
   * refusal and that lookup (its run ended; under load the gap is long): finding nobody, the lock is
   * tried again, and taken if it is free now, rather than refused naming "another console". A few
   * rounds, for a lock that changes hands in between; returns only when the lock was taken.
   */
  private async lockOrRefuse(client: pg.Client, resource: string, key: number, waited: string | null): Promise<void> {
    for (let round = 0; ; round++) {
      const holder = await this.holderOf(client, key);
      if (holder || round === 4) throw this.busy(resource, holder, waited);
      if (await this.tryLock(client, key)) return;
      await new Promise((r) => setTimeout(r, 10 * (round + 1)));
    }
  }

  private async holderOf(client: pg.Client, key: number): Promise<{ app: string | null; pid: number; since: Date | null } | undefined> {
    return (
      await client.query<{ app: string | null; pid: number; since: Date | null }>(
        `SELECT a.application_name AS app, a.pid, a.backend_start AS since
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.granted LIMIT 1`,
        [LOCK_NAMESPACE, key],
      )
    ).rows[0];
  }

  /** The refusal a second writer sees: who holds the lock, from where, since when. */
  private busy(resource: string, holder: { app: string | null; pid: number; since: Date | null } | undefined, waited: string | null): ApiError {
    const who = holder
      ? `${holder.app || 'a console'} (server pid ${holder.pid}${holder.since ? `, connected ${holder.since.toISOString()}` : ''})`
      : 'another console';
    return new ApiError(
      'CONFLICT',
      `another writer is syncing ${resource} into this team store: ${who}${waited ? `; ${waited} for it` : ''}. ` +
        'Only one process writes a PostgreSQL workspace at a time; wait for it to finish (onetap sync --wait) or read what it has stored.',
      { detail: { resource, holder: holder ? { application: holder.app, pid: holder.pid } : null } },
    );
  }

  private requireWriter(resource: string): pg.Client {
    if (!this.writer || !this.held.includes(resource)) throw new Error(`write to ${resource} without its writer lock: acquireWriter first`);
    return this.writer;
  }

  private async tx<T>(client: pg.Client, fn: () => Promise<T>, onCommit: () => void): Promise<T> {
    await client.query('BEGIN');
    try {
      const out = await fn();
      await client.query('COMMIT');
      onCommit();
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  async commitRecordsPage(items: readonly PlatformAuthRecord[], cursor: number): Promise<number> {
    const client = this.requireWriter('records');
    const newTexts = new Map<string, number>();
    const newApps = new Map<string, number>();
    const newParts: string[] = [];
    return this.tx(
      client,
      async () => {
        const ms = items.map((r) => {
          const t = instantMs(r.requestTime);
          if (Number.isNaN(t)) throw new Error(`record ${r.seq} has a bad requestTime ${r.requestTime}`);
          return t;
        });
        for (const month of new Set(ms.map(shanghaiMonth))) {
          if (this.partitions.has(month)) continue;
          const { start, end } = shanghaiMonthRange(month);
          await client.query(`CREATE TABLE IF NOT EXISTS ${partitionName(month)} PARTITION OF auth_records FOR VALUES FROM (${start}) TO (${end})`);
          newParts.push(month);
        }
        const cols = await this.recordColumns(client, items, ms, newTexts, newApps);
        let written = 0;
        if (items.length > 0 && this.copyPages && (await this.abovePage(client, items))) {
          await copyRows(client, cols, items.length);
          written =
            (
              await client.query<{ n: number }>(
                ROLLUP_COPIED,
                ROLLUP_COLUMNS.map((c) => cols[c]),
              )
            ).rows[0]?.n ?? 0;
          if (written !== items.length) throw new Error(`a copied page of ${items.length} records stored ${written}`);
        } else if (items.length > 0) written = (await client.query<{ n: number }>(INSERT_PAGE, cols)).rows[0]?.n ?? 0;
        await client.query(ADVANCE, ['records', String(cursor), written]);
        return written;
      },
      () => {
        for (const [k, v] of newTexts) this.texts.set(k, v);
        for (const [k, v] of newApps) this.apps.set(k, v);
        for (const m of newParts) this.partitions.add(m);
        // Every record of the page is stored now (written or found there).
        if (this.maxSeq !== undefined && items.length > 0) this.maxSeq = Math.max(this.maxSeq ?? 0, ...items.map((r) => r.seq));
      },
    );
  }

  /**
   * Whether a page can be COPYed: its seqs strictly increase and the first is above every stored
   * seq, so none of its records is stored already (a record is stored once, under its seq) and the
   * stored seqs in its range after the COPY are exactly its own. The ingest's usual page (the next
   * one after the cursor); a page served again, or an older one, takes the insert that skips.
   */
  private async abovePage(client: pg.Client, items: readonly PlatformAuthRecord[]): Promise<boolean> {
    for (let i = 1; i < items.length; i++) if (items[i]!.seq <= items[i - 1]!.seq) return false;
    if (this.maxSeq === undefined) {
      const top = (await client.query<{ seq: string }>('SELECT seq FROM auth_records ORDER BY seq DESC LIMIT 1')).rows[0];
      this.maxSeq = top ? Number(top.seq) : null;
    }
    return this.maxSeq === null || items[0]!.seq > this.maxSeq;
  }

  /**
   * A page's records as the stored columns (INSERT_PAGE's order: one array per column), their texts
   * and apps resolved to dictionary ids; ids new to the store are collected in `newTexts`/`newApps`,
   * to be remembered once the transaction commits.
   */
  private async recordColumns(
    client: pg.Client,
    items: readonly (PlatformAuthRecord | CanonicalRecord)[],
    ms: readonly number[],
    newTexts: Map<string, number>,
    newApps: Map<string, number>,
  ): Promise<unknown[][]> {
    const text = await this.dictTexts(
      client,
      items.flatMap((r) => [r.resultCode, r.description, ...(r.carrierCode === null ? [] : [r.carrierCode]), ...(r.authType === null ? [] : [r.authType])]),
      newTexts,
    );
    const app = await this.dictApps(client, items, newApps);
    const cols: unknown[][] = Array.from({ length: 16 }, () => new Array<unknown>(items.length));
    items.forEach((r, i) => {
      const row = [
        r.seq,
        ms[i],
        app(r.id, r.appId),
        opIndex.get(r.operator),
        capIndex.get(r.capability),
        r.success,
        isBillable(r.capability as Capability, r.success, r.outcome as VerifyOutcome | null),
        r.outcome === null ? null : outcomeIndex.get(r.outcome),
        text(r.resultCode),
        r.carrierCode === null ? null : text(r.carrierCode),
        text(r.description),
        r.authType === null ? null : text(r.authType),
        r.maskedPhone,
        r.clientIp,
        r.recordId,
        r.traceId,
      ];
      row.forEach((v, c) => (cols[c]![i] = v));
    });
    return cols;
  }

  private async dictTexts(client: pg.Client, values: readonly string[], fresh: Map<string, number>): Promise<(t: string) => number> {
    const missing = [...new Set(values)].filter((t) => !this.texts.has(t));
    if (missing.length > 0) {
      await client.query('INSERT INTO dict_texts (t) SELECT unnest($1::text[]) ON CONFLICT (t) DO NOTHING', [missing]);
      for (const r of (await client.query<{ n: number; t: string }>('SELECT n, t FROM dict_texts WHERE t = ANY($1::text[])', [missing])).rows)
        fresh.set(r.t, r.n);
    }
    return (t) => this.texts.get(t) ?? fresh.get(t)!;
  }

  private async dictApps(
    client: pg.Client,
    items: readonly { id: string; appId: string }[],
    fresh: Map<string, number>,
  ): Promise<(id: string, appId: string) => number> {
    const key = (id: string, appId: string): string => `${id}\u0000${appId}`;
    const pairs = new Map<string, [string, string]>();
    for (const r of items) if (!this.apps.has(key(r.id, r.appId))) pairs.set(key(r.id, r.appId), [r.id, r.appId]);
    if (pairs.size > 0) {
      const ids = [...pairs.values()].map((p) => p[0]);
      const appIds = [...pairs.values()].map((p) => p[1]);
      await client.query('INSERT INTO dict_apps (id, app_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (id, app_id) DO NOTHING', [ids, appIds]);
      const rows = await client.query<{ n: number; id: string; app_id: string }>(
        'SELECT d.n, d.id, d.app_id FROM dict_apps d JOIN unnest($1::text[], $2::text[]) AS w(id, app_id) USING (id, app_id)',
        [ids, appIds],
      );
      for (const r of rows.rows) fresh.set(key(r.id, r.app_id), r.n);
    }
    return (id, appId) => this.apps.get(key(id, appId)) ?? fresh.get(key(id, appId))!;
  }

  async commitAppsPage(items: readonly PlatformApp[], cursor: number, seenAt: number): Promise<number> {
    const client = this.requireWriter('apps');
    return this.tx(
      client,
      async () => {
        let written = 0;
        for (const app of items) {
          const r = await client.query(
            `INSERT INTO apps (id, app_id, name, platform, status, version, created_at, updated_at, data)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
             ON CONFLICT (id) DO UPDATE SET app_id = excluded.app_id, name = excluded.name, platform = excluded.platform, status = excluded.status,
               version = excluded.version, created_at = excluded.created_at, updated_at = excluded.updated_at, data = excluded.data
             WHERE excluded.version > apps.version
             RETURNING id`,
            [
              app.id,
              app.appId,
              app.name,
              app.platform,
              app.status,
              app.version,
              parseIsoInstant(app.createdAt),
              parseIsoInstant(app.updatedAt),
              storedAppJson(app),
            ],
          );
          // A newer version joins the history in the same transaction, as the SQLite workspace keeps it.
          if ((r.rowCount ?? 0) > 0)
            await client.query('INSERT INTO app_versions (id, version, seen_at, data) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (id, version) DO NOTHING', [
              app.id,
              app.version,
              seenAt,
              storedAppJson(app),
            ]);
          written += r.rowCount ?? 0;
        }
        await client.query(ADVANCE, ['apps', String(cursor), written]);
        return written;
      },
      () => undefined,
    );
  }

  async succeeded(resource: string, at: number): Promise<void> {
    await this.requireWriter(resource).query(
      `INSERT INTO sync_state (resource, last_attempt_at, last_success_at) VALUES ($1, $2, $2)
       ON CONFLICT (resource) DO UPDATE SET last_attempt_at = $2, last_success_at = $2, last_error = NULL`,
      [resource, at],
    );
  }

  async failed(resource: string, at: number, error: SyncErrorInfo): Promise<void> {
    await this.requireWriter(resource).query(
      `INSERT INTO sync_state (resource, last_attempt_at, last_error) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (resource) DO UPDATE SET last_attempt_at = $2, last_error = $3::jsonb`,
      [resource, at, JSON.stringify(error)],
    );
  }

  async syncState(resource: string): Promise<SyncStateRow | null> {
    const r = (await this.pool.query<StateRaw>('SELECT * FROM sync_state WHERE resource = $1', [resource])).rows[0];
    return r ? stateRow(r) : null;
  }

  async syncStates(): Promise<SyncStateRow[]> {
    return (await this.pool.query<StateRaw>('SELECT * FROM sync_state ORDER BY resource')).rows.map(stateRow);
  }

  async searchRecords(input: SearchInput): Promise<RecordsSearchOutput> {
    const { limit, after, offset, order = 'desc', ...filter } = input;
    const cursor = cursorFor(after, order);
    // Jump to a page (records.search's offset) when no cursor continues one: the server steps over the rows.
    const skip = cursor === null && offset ? offset : 0;
    const client = await this.pool.connect();
    try {
      // Page and total under one snapshot, so a sync committing in between cannot make them disagree.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const apps = (await client.query<AppRow>('SELECT id, app_id AS "appId", name, platform, status FROM apps')).rows;
      const f = resolveFilter(filter, apps);
      const keys = f.empty ? null : await pgFilterKeys(client, f);
      if (keys === null) {
        await client.query('COMMIT');
        return { total: 0, items: [], next: null };
      }
      const total = await pgRecordTotal(client, f, keys);
      const q = recordPageSql(f, keys, cursor ? { ms: cursor.ms, seq: cursor.seq } : null, order, limit + 1, skip);
      const rows = (await client.query<Record<string, unknown>>(q.text, q.values)).rows;
      await client.query('COMMIT');
      const names = appNamesById(apps);
      const decode = carrierDecoder();
      const more = rows.length > limit;
      const kept = (more ? rows.slice(0, limit) : rows).map(recordRow);
      const last = kept[kept.length - 1];
      return {
        total,
        items: kept.map((r) => toRecordItem(r, names, decode)),
        next: more && last ? encodeCursor({ ms: last.request_ms, seq: last.seq, ...(order === 'asc' ? { asc: true } : {}) }) : null,
      };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async dailyRollups(): Promise<DailyRollup[]> {
    const rows = await this.pool.query<{ date: string; id: string; operator: number; capability: number; calls: string; successes: string; billable: string }>(
      `SELECT to_char(r.day, 'YYYY-MM-DD') AS date, a.id, r.operator, r.capability, sum(r.calls) AS calls, sum(r.successes) AS successes, sum(r.billable) AS billable
         FROM rollup_daily r JOIN dict_apps a ON a.n = r.app GROUP BY 1, 2, 3, 4`,
    );
    return sortRollups(
      rows.rows.map((r) => ({
        date: r.date,
        id: r.id,
        operator: operators[r.operator]!,
        capability: capabilities[r.capability]!,
        calls: Number(r.calls),
        successes: Number(r.successes),
        billable: Number(r.billable),
      })),
    );
  }

  async appVersions(): Promise<AppVersionRow[]> {
    const rows = await this.pool.query<{ id: string; version: string; seen_at: string; data: string }>(
      'SELECT id, version, seen_at, data::text AS data FROM app_versions ORDER BY id, version',
    );
    return rows.rows.map((r) => ({ id: r.id, version: Number(r.version), seenAt: Number(r.seen_at), data: r.data }));
  }

  async countRecords(): Promise<number> {
    return Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM auth_records')).rows[0]?.n ?? 0);
  }

  /** One stored record by seq, as the SQLite reader returns it (null when there is none). */
  async recordBySeq(seq: number): Promise<RecordRow | null> {
    const r = (await this.pool.query<Record<string, unknown>>(`${RECORD_FROM} WHERE r.seq = $1`, [seq])).rows[0];
    return r ? recordRow(r) : null;
  }

  /**
   * Every table of the workspace but the raw records, in the SQLite workspace's row shape, read
   * under one snapshot: what a console loads to answer the commands that read a --db file
   * (team-store/workspace-snapshot.ts). Records stay in the server and are read page by page.
   * `slotsFrom` (a Shanghai date): the ten-minute rollups from that day on only.
   */
  async workspaceTables(opts: { slotsFrom?: string } = {}): Promise<WorkspaceTables> {
    // Without a window every slot is read (a copy of the whole store).
    const slotsFrom = opts.slotsFrom ?? '0001-01-01';
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const out: WorkspaceTables = {};
      for (const [table, sql] of Object.entries(SNAPSHOT_QUERIES)) {
        const rows = (
          await client.query<{ rows: Record<string, unknown>[] }>(
            `SELECT coalesce(json_agg(x), '[]'::json) AS rows FROM (${sql}) x`,
            WINDOWED.has(table) ? [slotsFrom] : [],
          )
        ).rows[0]!.rows;
        for (const r of rows) {
          if (typeof r.operator === 'number') r.operator = operators[r.operator];
          if (typeof r.capability === 'number') r.capability = capabilities[r.capability];
        }
        out[table] = rows;
      }
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /**
   * One transaction, under the writer lock of each resource: the tables those resources own made
   * equal to `tables` (activities are only ever added), and their sync state stored.
   */
  async storeWorkspaceTables(resources: readonly string[], tables: WorkspaceTables, states: readonly SyncStateRow[]): Promise<void> {
    let client: pg.Client | null = null;
    for (const r of resources) client = this.requireWriter(r);
    if (!client) return;
    const owned = new Set(resources.flatMap((r) => RESOURCE_TABLES[r] ?? []));
    await this.tx(
      client,
      async () => {
        for (const table of owned) {
          const rows = JSON.stringify(tables[table] ?? []);
          if (table === 'activities') {
            await client.query('INSERT INTO activities SELECT * FROM json_populate_recordset(null::activities, $1::json) ON CONFLICT (seq) DO NOTHING', [rows]);
          } else if (table === 'platform_meta') {
            await client.query(
              `INSERT INTO platform_meta SELECT * FROM json_populate_recordset(null::platform_meta, $1::json)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at`,
              [rows],
            );
          } else {
            await client.query(`DELETE FROM ${table}`);
            await client.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1::json)`, [rows]);
          }
        }
        for (const st of states.filter((x) => resources.includes(x.resource))) {
          await client.query(
            `INSERT INTO sync_state (resource, cursor, rows, last_attempt_at, last_success_at, last_error) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
             ON CONFLICT (resource) DO UPDATE SET cursor = excluded.cursor, rows = excluded.rows, last_attempt_at = excluded.last_attempt_at,
               last_success_at = excluded.last_success_at, last_error = excluded.last_error`,
            [st.resource, st.cursor, st.rows, st.lastAttemptAt, st.lastSuccessAt, st.lastError === null ? null : JSON.stringify(st.lastError)],
          );
        }
      },
      () => undefined,
    );
  }

  /**
   * The app history rows of a workspace copied as they are (onetap store migrate), under the apps
   * writer lock: the seen-at times of the file replace the ones its apps page just wrote.
   */
  async storeAppVersions(rows: readonly Record<string, unknown>[]): Promise<void> {
    const client = this.requireWriter('apps');
    await this.tx(
      client,
      async () => {
        await client.query(
          `INSERT INTO app_versions (id, version, seen_at, data)
           SELECT id, version, seen_at, data::jsonb FROM json_to_recordset($1::json) AS x(id text, version bigint, seen_at bigint, data text)
           ON CONFLICT (id, version) DO UPDATE SET seen_at = excluded.seen_at, data = excluded.data`,
          [JSON.stringify(rows)],
        );
      },
      () => undefined,
    );
  }

  /** Records what this writer is doing (a row per writer name) for the consoles that read the store. */
  async putWriterStatus(s: WriterStatusUpdate): Promise<void> {
    await this.pool.query(
      `INSERT INTO writer_status (writer, state, resource, done, run_started, updated_at, next_run_at, last_summary, server_pid)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
       ON CONFLICT (writer) DO UPDATE SET state = excluded.state, resource = excluded.resource, done = excluded.done, run_started = excluded.run_started,
         updated_at = excluded.updated_at, next_run_at = excluded.next_run_at, last_summary = coalesce(excluded.last_summary, writer_status.last_summary),
         server_pid = excluded.server_pid`,
      [
        s.writer,
        s.state,
        s.resource,
        s.done,
        s.runStarted,
        s.updatedAt,
        s.nextRunAt,
        s.lastSummary === null ? null : JSON.stringify(s.lastSummary),
        this.writer ? ((this.writer as unknown as { processID?: number }).processID ?? null) : null,
      ],
    );
  }

  /** Every writer's last report, and which of them hold a writer lock right now (alive). */
  async writerStatuses(): Promise<WriterStatus[]> {
    const rows = (
      await this.pool.query<{
        writer: string;
        state: WriterStatus['state'];
        resource: string | null;
        done: string;
        run_started: string | null;
        updated_at: string;
        next_run_at: string | null;
        last_summary: unknown;
        server_pid: number | null;
      }>('SELECT * FROM writer_status ORDER BY updated_at DESC')
    ).rows;
    const holders = (
      await this.pool.query<{ app: string | null; pid: number; key: number }>(
        `SELECT a.application_name AS app, a.pid, l.objid::int AS key FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.granted AND l.objid <> 0`,
        [LOCK_NAMESPACE],
      )
    ).rows;
    const byKey = new Map(Object.entries(WRITER_KEYS).map(([r, k]) => [k, r]));
    return rows.map((r) => {
      const mine = holders.filter((h) => r.server_pid !== null && h.pid === r.server_pid);
      return {
        writer: r.writer,
        state: r.state,
        resource: r.resource,
        done: Number(r.done),
        runStarted: r.run_started === null ? null : Number(r.run_started),
        updatedAt: Number(r.updated_at),
        nextRunAt: r.next_run_at === null ? null : Number(r.next_run_at),
        lastSummary: r.last_summary ?? null,
        holding: mine.map((h) => byKey.get(h.key) ?? String(h.key)).sort(),
      };
    });
  }

  /** Whether the store holds any data (records, apps, sync state, export history). */
  async holdsData(): Promise<boolean> {
    const r = await this.pool.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM auth_records) OR EXISTS (SELECT 1 FROM apps) OR EXISTS (SELECT 1 FROM sync_state)
          OR EXISTS (SELECT 1 FROM export_history) OR EXISTS (SELECT 1 FROM activities) AS any`,
    );
    return r.rows[0]?.any ?? false;
  }

  /** The copy of `source` recorded in this store, if any (onetap store migrate). */
  async storeMigration(source: string): Promise<{ startedAt: number; finishedAt: number | null } | null> {
    const r = (await this.pool.query<{ started_at: string; finished_at: string | null }>('SELECT * FROM store_migrations WHERE source = $1', [source])).rows[0];
    return r ? { startedAt: Number(r.started_at), finishedAt: r.finished_at === null ? null : Number(r.finished_at) } : null;
  }

  async otherStoreMigrations(source: string): Promise<string[]> {
    return (await this.pool.query<{ source: string }>('SELECT source FROM store_migrations WHERE source <> $1', [source])).rows.map((r) => r.source);
  }

  async markStoreMigration(source: string, at: number, done: { records: number; digest: string } | null): Promise<void> {
    const client = this.requireWriter('records');
    if (done === null) await client.query('INSERT INTO store_migrations (source, started_at) VALUES ($1, $2) ON CONFLICT (source) DO NOTHING', [source, at]);
    else
      await client.query('UPDATE store_migrations SET finished_at = $2, records = $3, digest = $4 WHERE source = $1', [source, at, done.records, done.digest]);
  }

  /**
   * Appends export history rows with their own seqs (a copy of a workspace's chain, which must
   * stay 1..n for its check); rows the store already holds (same seq) are left as they are.
   */
  async appendExportHistory(chain: { chain_id: string; created_at: number } | null, rows: readonly Record<string, unknown>[]): Promise<number> {
    const client = this.requireWriter('records');
    return this.tx(
      client,
      async () => {
        if (chain)
          await client.query('INSERT INTO export_chain (id, chain_id, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [
            chain.chain_id,
            chain.created_at,
          ]);
        const r = await client.query(
          `INSERT INTO export_history (seq, export_id, created_at, manifest, manifest_hash, prev_hash, file_path) OVERRIDING SYSTEM VALUE
           SELECT seq, export_id, created_at, manifest, manifest_hash, prev_hash, file_path FROM json_populate_recordset(null::export_history, $1::json)
            WHERE seq > (SELECT coalesce(max(seq), 0) FROM export_history) ORDER BY seq`,
          [JSON.stringify(rows)],
        );
        // The next export appended here continues the copied numbering.
        await client.query(`SELECT setval(pg_get_serial_sequence('export_history', 'seq'), greatest((SELECT max(seq) FROM export_history), 1))`);
        return r.rowCount ?? 0;
      },
      () => undefined,
    );
  }

  /** The export chain and its history rows, oldest first, as the SQLite workspace holds them. */
  async exportHistory(): Promise<{ chain: { chain_id: string; created_at: number } | null; rows: Record<string, unknown>[] }> {
    const chain = (await this.pool.query<{ chain_id: string; created_at: string }>('SELECT chain_id, created_at FROM export_chain WHERE id = 1')).rows[0];
    const rows = (
      await this.pool.query<{ rows: Record<string, unknown>[] }>(
        `SELECT coalesce(json_agg(x ORDER BY x.seq), '[]'::json) AS rows FROM (SELECT seq, export_id, created_at, manifest, manifest_hash, prev_hash, file_path FROM export_history) x`,
      )
    ).rows[0]!.rows;
    return { chain: chain ? { chain_id: chain.chain_id, created_at: Number(chain.created_at) } : null, rows };
  }

  /** Whether this session's database role may append to the export history (the writer's and onetap_auditor's may; onetap_reader's may not). */
  async canAppendExport(): Promise<boolean> {
    const r = await this.pool.query<{ ok: boolean }>(
      "SELECT has_table_privilege('export_history', 'INSERT') AND has_table_privilege('export_chain', 'INSERT') AS ok",
    );
    return r.rows[0]?.ok ?? false;
  }

  async exportIdTaken(exportId: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM export_history WHERE export_id = $1', [exportId])).rowCount !== 0;
  }

  /** The store's export chain id, created with its first export (a concurrent first export keeps the one stored first). */
  async exportChainId(now: number): Promise<string> {
    await this.pool.query('INSERT INTO export_chain (id, chain_id, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [
      randomBytes(16).toString('hex'),
      now,
    ]);
    return (await this.pool.query<{ chain_id: string }>('SELECT chain_id FROM export_chain WHERE id = 1')).rows[0]!.chain_id;
  }

  /**
   * Appends one export to the history in one transaction, serialized with every other appender
   * (a transaction-level advisory lock, which needs no table privilege): the head is read under
   * the lock, `build` links the new row to it (prevHash null: the first row), the row is inserted
   * with its own seq (the chain's 1..n), and `beforeCommit` runs last (the export's files moved
   * into place), so a row exists exactly when they do. The table's triggers refuse any change
   * but an INSERT, for every role.
   */
  async appendExport(build: (seq: number, prevHash: string | null) => HistoryRow, beforeCommit: () => void): Promise<HistoryRow> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, EXPORT_HISTORY_KEY]);
      const head = (await client.query<{ seq: string; manifest_hash: string }>('SELECT seq, manifest_hash FROM export_history ORDER BY seq DESC LIMIT 1'))
        .rows[0];
      const row = build(head ? Number(head.seq) + 1 : 1, head?.manifest_hash ?? null);
      await client.query(
        `INSERT INTO export_history (seq, export_id, created_at, manifest, manifest_hash, prev_hash, file_path) OVERRIDING SYSTEM VALUE
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [row.seq, row.export_id, row.created_at, row.manifest, row.manifest_hash, row.prev_hash, row.file_path],
      );
      beforeCommit();
      await client.query('COMMIT');
      return row;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      const err = e as { code?: string; constraint?: string };
      if (err.code === '23505' && err.constraint?.includes('export_id'))
        throw new ApiError('CONFLICT', "an export with that id already exists in the team store's history");
      throw e;
    } finally {
      client.release();
    }
  }

  /**
   * The records of an export, newest first, under one snapshot of the store (REPEATABLE READ on a
   * connection of its own): the count and every keyset page see the same committed records while
   * the writer keeps syncing. `close` ends the snapshot.
   */
  async openRecordExport(filter: RecordsFilter): Promise<TeamRecordExport> {
    const client = await this.pool.connect();
    let open = true;
    const close = async (): Promise<void> => {
      if (!open) return;
      open = false;
      try {
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const apps = (await client.query<AppRow>('SELECT id, app_id AS "appId", name, platform, status FROM apps')).rows;
      const f = resolveFilter(filter, apps);
      const keys = f.empty ? null : await pgFilterKeys(client, f);
      const total = keys === null ? 0 : await pgRecordTotal(client, f, keys);
      const names = appNamesById(apps);
      const decode = carrierDecoder();
      return {
        total,
        async *batches(batchSize, signal) {
          if (keys === null) return;
          let after: { ms: number; seq: number } | null = null;
          for (;;) {
            signal?.throwIfAborted();
            const q = recordPageSql(f, keys, after, 'desc', batchSize);
            const rows = (await client.query<Record<string, unknown>>(q.text, q.values)).rows.map(recordRow);
            if (rows.length > 0) yield rows.map((r) => toRecordItem(r, names, decode));
            if (rows.length < batchSize) return;
            const last = rows[rows.length - 1]!;
            after = { ms: last.request_ms, seq: last.seq };
          }
        },
        close,
      };
    } catch (e) {
      open = false;
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw e;
    }
  }

  /** Stored records in seq order, a keyset page at a time, in the content digest's field names. */
  async *canonicalRecords(pageSize = 10_000): AsyncGenerator<CanonicalRecord> {
    let after = 0;
    for (;;) {
      const rows = (await this.pool.query<Record<string, unknown>>(`${RECORD_FROM} WHERE r.seq > $1 ORDER BY r.seq LIMIT $2`, [after, pageSize])).rows;
      for (const raw of rows) yield toCanonicalRecord(recordRow(raw));
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  /** The month partitions that exist, oldest first (a month can be detached to archive). */
  async partitionMonths(): Promise<string[]> {
    const rows = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'auth_records'::regclass ORDER BY 1`,
    );
    return rows.rows.map((r) => r.name.replace(/^auth_records_(\d{4})_(\d{2})$/, '$1-$2'));
  }

  // ---- Month archives (onetap archive … --store): a month's partition detached to an archive file ----

  /** The store's own id (store_identity), the same for every login and host name that reaches it. */
  async storeId(): Promise<string> {
    return (await this.pool.query<{ id: string }>('SELECT id FROM store_identity')).rows[0]!.id;
  }

  /** The months recorded as archived (archived_months), oldest first. */
  async archivedMonths(): Promise<ArchivedMonthRow[]> {
    return (await this.pool.query<ArchivedMonthRaw>('SELECT * FROM archived_months ORDER BY month')).rows.map(archivedMonthRow);
  }

  /** The months whose partition was dropped after archiving: what a search tells of and an export refuses (records/archived-months.ts). */
  async droppedMonths(): Promise<ArchivedMonthNotice[]> {
    return (await this.archivedMonths())
      .filter((r) => r.droppedAt !== null)
      .map((r) => ({ month: r.month, records: r.records, file: r.file, location: r.location }));
  }

  /**
   * Per Shanghai month: calls by the daily rollups (kept when a month is archived) and raw records
   * stored (counted per partition, so a detached month has none).
   */
  async monthsOverview(): Promise<{ month: string; calls: number; storedRecords: number }[]> {
    const calls = await this.pool.query<{ month: string; calls: string }>(
      "SELECT to_char(day, 'YYYY-MM') AS month, sum(calls) AS calls FROM rollup_daily GROUP BY 1 ORDER BY 1",
    );
    const stored = await this.pool.query<{ name: string; n: string }>('SELECT tableoid::regclass::text AS name, count(*) AS n FROM auth_records GROUP BY 1');
    const byMonth = new Map<string, { calls: number; storedRecords: number }>();
    for (const r of calls.rows) byMonth.set(r.month, { calls: Number(r.calls), storedRecords: 0 });
    for (const r of stored.rows) {
      const month = r.name.replace(/^auth_records_(\d{4})_(\d{2})$/, '$1-$2');
      const m = byMonth.get(month) ?? { calls: 0, storedRecords: 0 };
      m.storedRecords = Number(r.n);
      byMonth.set(month, m);
    }
    return [...byMonth.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([month, m]) => ({ month, ...m }));
  }

  /**
   * The writer lock on records, for archiving or re-importing a month: only the role that owns the
   * records table (the writer's, which created the partitions) may detach or re-create one, so a
   * read-only role is refused here, before any file is written; a running writer (a sync, the
   * daemon, another archive) holds the lock, and this one is refused naming it.
   */
  async acquireArchiver(month: string): Promise<WriterLease> {
    const owner = (
      await this.pool.query<{ ok: boolean; who: string }>(
        "SELECT pg_has_role(current_user, c.relowner, 'USAGE') AS ok, current_user AS who FROM pg_class c WHERE c.oid = 'auth_records'::regclass",
      )
    ).rows[0];
    if (!owner?.ok)
      throw new ApiError(
        'FORBIDDEN',
        `the database role ${owner?.who ?? '(unknown)'} may only read this team store: archiving ${month} detaches its partition, ` +
          "which only the team's writer role (the owner of the store's tables) may do; nothing was changed",
      );
    try {
      return await this.acquireWriter(['records']);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT')
        throw new ApiError(
          'CONFLICT',
          `cannot archive or import ${month} now: ${e.message.replace(/^another writer is syncing records into this team store: /, 'the writer lock of records is held by ')} ` +
            'An archive takes the one writer lock of the records: stop the sync daemon (or wait for the sync to finish) and run it again; nothing was changed.',
          e.detail === undefined ? {} : { detail: e.detail },
        );
      throw e;
    }
  }

  /** Raw records of a month in the store now (0 when its partition is detached or was never created). */
  async monthRecordCount(month: string): Promise<number> {
    const { start, end } = shanghaiMonthRange(month);
    const client = this.requireWriter('records');
    return Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM auth_records WHERE request_ms >= $1 AND request_ms < $2', [start, end])).rows[0]!.n,
    );
  }

  /** The month's records under the writer lock, in the archive's order (time, then seq), a keyset batch at a time. */
  async *monthRecords(month: string, batch: number, signal?: AbortSignal): AsyncGenerator<CanonicalRecord[]> {
    const client = this.requireWriter('records');
    yield* monthBatches(client, month, batch, false, signal);
  }

  /** Records the archive of a month whose records stay in the store (state 'archived'). */
  async recordArchivedMonth(row: Omit<ArchivedMonthRow, 'droppedAt'>): Promise<void> {
    await this.requireWriter('records').query(
      `INSERT INTO archived_months (month, file, location, records, content_sha256, file_sha256, bytes, created_at, dropped_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)
       ON CONFLICT (month) DO UPDATE SET file = excluded.file, location = excluded.location, records = excluded.records,
         content_sha256 = excluded.content_sha256, file_sha256 = excluded.file_sha256, bytes = excluded.bytes, created_at = excluded.created_at, dropped_at = NULL`,
      [row.month, row.file, row.location, row.records, row.contentSha256, row.fileSha256, row.bytes, row.createdAt],
    );
  }

  /**
   * Detaches the month's partition and drops it, in one transaction with marking the month dropped,
   * after checking inside that transaction that the partition holds as many records as its archive.
   * The caller proved the content under the writer lock it has held since (the archive was written
   * from these rows, or the rows were digested against it). Rollups are not touched. Returns the
   * records removed.
   */
  async detachArchivedMonth(month: string, at: number): Promise<number> {
    const client = this.requireWriter('records');
    const part = partitionName(month);
    return this.tx(
      client,
      async () => {
        const row = (await client.query<ArchivedMonthRaw>('SELECT * FROM archived_months WHERE month = $1 FOR UPDATE', [month])).rows[0];
        if (!row) throw new ApiError('CONFLICT', `${month} has no archive: archive it before dropping its records`);
        const exists = (await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [part])).rows[0]?.t;
        if (!exists) throw new ApiError('NOT_FOUND', `the team store has no partition of ${month} (${part})`);
        const records = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${part}`)).rows[0]!.n);
        if (records !== Number(row.records))
          throw new ApiError(
            'CONFLICT',
            `the team store's records of ${month} differ from its archive (${records} now, ${row.records} archived): archive it again first; nothing was dropped`,
          );
        await client.query('UPDATE archived_months SET dropped_at = $2 WHERE month = $1', [month, at]);
        // The detach waits for readers of the table (a long export); bounded, so it never stalls every new reader queued behind it.
        await client.query("SET LOCAL lock_timeout = '30s'");
        try {
          await client.query(`ALTER TABLE auth_records DETACH PARTITION ${part}`);
        } catch (e) {
          if ((e as { code?: string }).code === '55P03')
            throw new ApiError(
              'CONFLICT',
              `${month} was not detached: readers of the team store held its records table for 30 s; run it again later (the archive is kept)`,
            );
          throw e;
        }
        await client.query(`DROP TABLE ${part}`);
        return records;
      },
      () => this.partitions.delete(month),
    );
  }

  /** The month's records digested in the archive's order (count and SHA-256 of their canonical lines), under the writer lock. */
  async monthDigest(month: string, signal?: AbortSignal): Promise<{ records: number; contentSha256: string }> {
    return digestMonth(this.requireWriter('records'), month, false, signal);
  }

  /**
   * Re-creates the month's partition and loads an archive's records into it, in one transaction,
   * without touching the rollups (they kept counting the month). Before committing, the month in
   * the store must equal the archive (count and content hash) when it held none of its records
   * before; records already present (late records synced after the drop) are kept and skipped.
   * `expect` is the archive's manifest, checked against the file by the caller.
   */
  async restoreArchivedMonth(
    month: string,
    batches: AsyncIterable<readonly CanonicalRecord[]>,
    expect: { records: number; contentSha256: string },
    signal?: AbortSignal,
  ): Promise<{ imported: number; skipped: number }> {
    const client = this.requireWriter('records');
    const newTexts = new Map<string, number>();
    const newApps = new Map<string, number>();
    return this.tx(
      client,
      async () => {
        const { start, end } = shanghaiMonthRange(month);
        await client.query(`CREATE TABLE IF NOT EXISTS ${partitionName(month)} PARTITION OF auth_records FOR VALUES FROM (${start}) TO (${end})`);
        const before = Number(
          (await client.query<{ n: string }>('SELECT count(*) AS n FROM auth_records WHERE request_ms >= $1 AND request_ms < $2', [start, end])).rows[0]!.n,
        );
        let imported = 0;
        let seen = 0;
        for await (const items of batches) {
          signal?.throwIfAborted();
          seen += items.length;
          if (items.length === 0) continue;
          const cols = await this.recordColumns(
            client,
            items,
            items.map((r) => r.requestMs),
            newTexts,
            newApps,
          );
          imported += (await client.query(RESTORE_RECORDS, cols)).rowCount ?? 0;
        }
        if (seen !== expect.records) throw new ApiError('INVALID_INPUT', `the archive gave ${seen} records, its manifest says ${expect.records}`);
        if (before === 0) {
          const { records, contentSha256 } = await digestMonth(client, month, true, signal);
          if (records !== expect.records || contentSha256 !== expect.contentSha256)
            throw new ApiError('INTERNAL', `the records of ${month} read back after the import differ from the archive; nothing was imported`);
        }
        await client.query('UPDATE archived_months SET dropped_at = NULL WHERE month = $1 AND content_sha256 = $2', [month, expect.contentSha256]);
        return { imported, skipped: expect.records - imported };
      },
      () => {
        for (const [k, v] of newTexts) this.texts.set(k, v);
        for (const [k, v] of newApps) this.apps.set(k, v);
        this.partitions.add(month);
      },
    );
  }

  async close(): Promise<void> {
    if (this.writer) {
      const w = this.writer;
      this.writer = null;
      await w.end().catch(() => undefined);
    }
    await this.pool.end();
  }
}

/** The dictionaries joined onto stored records `r`: a RecordRow's columns (search and export pages). */
const RECORD_COLUMNS = `r.seq, r.record_id, a.id, a.app_id, r.capability, r.operator, r.request_ms, rc.t AS result_code, r.success, r.outcome,
       cc.t AS carrier_code, d.t AS description, r.masked_phone, at.t AS auth_type, r.client_ip, r.trace_id, r.billable`;
const RECORD_JOINS = `JOIN dict_apps a ON a.n = r.app JOIN dict_texts rc ON rc.n = r.result_code JOIN dict_texts d ON d.n = r.description
  LEFT JOIN dict_texts cc ON cc.n = r.carrier_code LEFT JOIN dict_texts at ON at.n = r.auth_type`;
const RECORD_FROM = `SELECT ${RECORD_COLUMNS} FROM auth_records r ${RECORD_JOINS}`;

/**
 * One keyset page of the records of a filter, in request time then seq order (the search's and the
 * export's). The page's rows are found first, on integer keys only, and only they get their
 * dictionaries joined. Each way of finding them has an index that hands rows in time order: one app
 * is an equality on (app, request_ms, seq); a failure code is two disjoint arms, its platform code
 * on auth_records_failures and its carrier code (where the platform code differs) on
 * auth_records_carrier (pg-0010), merged — so the planner never sorts a code's every failure.
 */
function recordPageSql(
  f: ResolvedFilter,
  keys: FilterKeys,
  after: { ms: number; seq: number } | null,
  order: 'asc' | 'desc',
  limit: number,
  offset = 0,
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown): string => {
    values.push(v);
    return `$${values.length}`;
  };
  const where: string[] = [];
  if (keys.apps !== null) where.push(keys.apps.length === 1 ? `app = ${p(keys.apps[0])}` : `app = ANY(${p(keys.apps)}::int[])`);
  if (f.operator !== null) where.push(`operator = ${p(opIndex.get(f.operator))}`);
  if (f.capability !== null) where.push(`capability = ${p(capIndex.get(f.capability))}`);
  if (f.success !== null) where.push(f.success === 1 ? 'success' : 'NOT success');
  if (f.fromMs !== null) where.push(`request_ms >= ${p(f.fromMs)}`);
  if (f.toMs !== null) where.push(`request_ms < ${p(f.toMs)}`);
  if (after) where.push(`(request_ms, seq) ${order === 'asc' ? '>' : '<'} (${p(after.ms)}, ${p(after.seq)})`);
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const sort = `ORDER BY request_ms ${dir}, seq ${dir}`;
  const arm = (extra: string[]): string => {
    const w = [...extra, ...where];
    return `SELECT * FROM auth_records ${w.length ? `WHERE ${w.join(' AND ')}` : ''} ${sort}`;
  };
  const page = `LIMIT ${p(limit)}${offset ? ` OFFSET ${p(offset)}` : ''}`;
  let found: string;
  if (keys.code === null) found = `${arm([])} ${page}`;
  else {
    const c = p(keys.code);
    // Each arm may hold the whole page (and the rows an offset steps over).
    const each = p(limit + offset);
    found = `(${arm([`result_code = ${c}`])} LIMIT ${each}) UNION ALL (${arm([`carrier_code = ${c}`, `result_code <> ${c}`])} LIMIT ${each}) ${sort} ${page}`;
  }
  return {
    text: `SELECT ${RECORD_COLUMNS} FROM (${found}) r ${RECORD_JOINS} ORDER BY r.request_ms ${dir}, r.seq ${dir}`,
    values,
  };
}

/** A value in COPY's text format: \\N for null; backslash, tab, newline and carriage return escaped in text. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return String(v).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Streams a page's columns (RECORD_COLUMN_NAMES order) into auth_records with COPY FROM STDIN, in the caller's transaction. */
async function copyRows(client: pg.Client, cols: readonly unknown[][], n: number): Promise<void> {
  const lines = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let line = copyValue(cols[0]![i]);
    for (let c = 1; c < cols.length; c++) line += '\t' + copyValue(cols[c]![i]);
    lines[i] = line;
  }
  const stream = client.query(copyFrom(`COPY auth_records (${RECORD_COLUMN_NAMES}) FROM STDIN`));
  await pipeline(Readable.from([lines.join('\n') + '\n']), stream);
}

function recordRow(r: Record<string, unknown>): RecordRow {
  return {
    seq: Number(r.seq),
    record_id: r.record_id as string,
    id: r.id as string,
    app_id: r.app_id as string,
    capability: capabilities[r.capability as number] as Capability,
    operator: operators[r.operator as number] as Operator,
    request_ms: Number(r.request_ms),
    result_code: r.result_code as string,
    success: r.success ? 1 : 0,
    outcome: r.outcome === null ? null : (verifyOutcomes[r.outcome as number] as VerifyOutcome),
    carrier_code: (r.carrier_code as string | null) ?? null,
    description: r.description as string,
    masked_phone: (r.masked_phone as string | null) ?? null,
    auth_type: (r.auth_type as string | null) ?? null,
    client_ip: (r.client_ip as string | null) ?? null,
    trace_id: r.trace_id as string,
    billable: r.billable ? 1 : 0,
  };
}

/**
 * A month's records on one connection, in (request time, seq) order, in the content digest's field
 * names: one query read through a server-side cursor, a batch per FETCH, so the month is sorted (or
 * index-scanned) once however many batches it takes. Outside a transaction (`inTx` false) it opens
 * its own read-only REPEATABLE READ one, so every batch sees the same rows.
 */
async function* monthBatches(client: pg.ClientBase, month: string, batch: number, inTx: boolean, signal?: AbortSignal): AsyncGenerator<CanonicalRecord[]> {
  const { start, end } = shanghaiMonthRange(month);
  const cursor = `month_${randomBytes(6).toString('hex')}`;
  let done = false;
  if (!inTx) await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // Integers from the month's range only: no text reaches the statement.
    await client.query(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR ${RECORD_FROM} WHERE r.request_ms >= ${Math.trunc(start)} AND r.request_ms < ${Math.trunc(end)} ORDER BY r.request_ms, r.seq`,
    );
    for (;;) {
      signal?.throwIfAborted();
      const rows = (await client.query<Record<string, unknown>>(`FETCH ${Math.trunc(batch)} FROM ${cursor}`)).rows.map(recordRow);
      if (rows.length > 0) yield rows.map(toCanonicalRecord);
      if (rows.length < batch) break;
    }
    await client.query(`CLOSE ${cursor}`);
    if (!inTx) await client.query('COMMIT');
    done = true;
  } finally {
    // Stopped early (an error, the consumer gone): the read-only transaction ends with it; inside the caller's, its end closes the cursor.
    if (!done && !inTx) await client.query('ROLLBACK').catch(() => undefined);
  }
}

async function digestMonth(client: pg.ClientBase, month: string, inTx: boolean, signal?: AbortSignal): Promise<{ records: number; contentSha256: string }> {
  const h = createHash('sha256');
  let records = 0;
  for await (const b of monthBatches(client, month, 10_000, inTx, signal)) {
    for (const r of b) h.update(`${canonicalLine(r)}\n`);
    records += b.length;
  }
  return { records, contentSha256: h.digest('hex') };
}

/** Archived records back into their partition: no rollups (they kept counting the month), a seq already stored skipped. */
const RESTORE_RECORDS = `
INSERT INTO auth_records (seq, request_ms, app, operator, capability, success, billable, outcome, result_code, carrier_code,
                          description, auth_type, masked_phone, client_ip, record_id, trace_id)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::smallint[], $5::smallint[], $6::bool[], $7::bool[], $8::smallint[],
                     $9::int[], $10::int[], $11::int[], $12::int[], $13::text[], $14::text[], $15::text[], $16::text[])
ON CONFLICT DO NOTHING`;

/**
 * A month of the team store whose raw records went to an archive file (archived_months): the local
 * archive's row, plus where the writer wrote the file. `droppedAt` is when its partition was
 * detached and dropped; null while the store holds the records.
 */
export interface ArchivedMonthRow extends ArchiveRow {
  /** host:absolute path where the writer wrote the file. */
  location: string;
}

interface ArchivedMonthRaw {
  month: string;
  file: string;
  location: string;
  records: string;
  content_sha256: string;
  file_sha256: string;
  bytes: string;
  created_at: string;
  dropped_at: string | null;
}

const archivedMonthRow = (r: ArchivedMonthRaw): ArchivedMonthRow => ({
  month: r.month,
  file: r.file,
  location: r.location,
  records: Number(r.records),
  contentSha256: r.content_sha256,
  fileSha256: r.file_sha256,
  bytes: Number(r.bytes),
  createdAt: Number(r.created_at),
  droppedAt: r.dropped_at === null ? null : Number(r.dropped_at),
});
