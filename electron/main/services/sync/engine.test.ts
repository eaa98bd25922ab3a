import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/contract';
import type { SyncProgress } from '../../../../shared/contract/sync';
import { isBillable } from '../../../../shared/platform/domain';
import { shanghaiDate } from '../../../../shared/time/shanghai';
import { manualClock } from '../core/clock';
import { memorySecretStore, type SecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import { openTestWorkspaceDb } from '../testing/context';
import { readAppKey } from '../store/app-keys';
import { authRecordsWriter } from '../store/auth-records-repo';
import { prepareRecordBatch } from '../store/record-batch';
import { feedDigest, storedRecordsDigest, tablesDigest } from '../store/content-digest';
import { runSync } from './engine';
import { fakePlatform, type FakePlatform } from './testing/fake-platform';
import { DATA_TABLES } from './testing/helpers';

const NOW = Date.parse('2026-11-15T04:00:00Z');
const dbs: Db[] = [];
afterEach(() => {
  while (dbs.length) dbs.pop()!.close();
});

function setup(opts: { records?: number; role?: FakePlatform['role']; secrets?: SecretStore } = {}) {
  const db = openTestWorkspaceDb();
  dbs.push(db);
  const clock = manualClock(NOW);
  const platform = fakePlatform({ now: NOW, records: opts.records ?? 2000, ...(opts.role ? { role: opts.role } : {}) });
  const secrets = opts.secrets ?? memorySecretStore();
  const sync = (extra: Partial<Parameters<typeof runSync>[0]> = {}) =>
    runSync({ db, client: platform, secrets, clock, pageSizes: { records: 300, apps: 2, activities: 2 }, ...extra });
  return { db, clock, platform, secrets, sync };
}

/** Rollups recomputed from the raw rows, to check the ones kept current by ingest. */
function rollupsFromRecords(db: Db): string {
  return JSON.stringify(
    db
      .prepare(
        `SELECT date(request_ms / 1000 + 8 * 3600, 'unixepoch') AS date, id, operator, capability, count(*) AS calls, sum(success) AS successes, sum(billable) AS billable
         FROM auth_records GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      )
      .all(),
  );
}
function storedRollups(db: Db): string {
  return JSON.stringify(db.prepare('SELECT date, id, operator, capability, calls, successes, billable FROM rollup_daily ORDER BY 1, 2, 3, 4').all());
}

describe('sync engine', () => {
  it('copies every resource exactly and keeps rollups equal to the records they count', async () => {
    const { db, platform, sync } = setup();
    const progress: SyncProgress[] = [];
    const summary = await sync({ onProgress: (p) => progress.push(p) });
    expect(summary.ok).toBe(true);
    expect(summary.resources.records).toEqual({ fetched: 2000, written: 2000, cursor: 2000 });
    expect(summary.resources.apps).toMatchObject({ fetched: 3, written: 3, cursor: 3 });
    expect(summary.resources.activities).toMatchObject({ fetched: 3, written: 3, cursor: 3 });
    expect(storedRecordsDigest(db)).toEqual(feedDigest(platform.records));
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
    const billable = platform.records.filter((r) => isBillable(r.capability, r.success, r.outcome)).length;
    expect(db.prepare('SELECT sum(billable) FROM rollup_daily').pluck().get()).toBe(billable);
    expect(db.prepare('SELECT sum(billable) FROM usage_lines').pluck().get()).toBe(billable);
    // Usage and bills cover every month from the first app to now; closed months move the cursor.
    expect(summary.resources.usage).toMatchObject({ fetched: 3, cursor: '2026-09' });
    expect(summary.resources.bills).toMatchObject({ fetched: 3, cursor: '2026-09' });
    expect(db.prepare('SELECT count(*) FROM packages').pluck().get()).toBe(1);
    expect(JSON.parse(db.prepare("SELECT value FROM platform_meta WHERE key = 'pricing'").pluck().get() as string).tiers).toHaveLength(2);
    const phases = new Set(progress.filter((p) => p.resource === 'records').map((p) => p.phase));
    expect([...phases]).toEqual(['start', 'page', 'done']);
    expect(progress.find((p) => p.resource === 'usage' && p.phase === 'page')?.total).toBe(3);
  });

  it('writes nothing on a second sync with nothing new, and only the new rows after that', async () => {
    const { db, platform, clock, sync } = setup();
    await sync();
    const before = tablesDigest(db, DATA_TABLES);
    const calls = platform.calls.length;
    const second = await sync();
    for (const r of Object.values(second.resources)) expect(r.written).toBe(0);
    expect(tablesDigest(db, DATA_TABLES)).toBe(before);
    // Closed months are not asked for again; the open month and the one before it are.
    expect(platform.calls.slice(calls).filter((c) => c.startsWith('usage:'))).toEqual(['usage:2026-10', 'usage:2026-11']);

    clock.advance(60_000);
    platform.addRecords(25, NOW + 1000);
    platform.touchApp(0, NOW + 2000);
    const third = await sync();
    expect(third.resources.records).toEqual({ fetched: 25, written: 25, cursor: 2025 });
    expect(third.resources.apps).toMatchObject({ fetched: 1, written: 1, cursor: 4 });
    expect(db.prepare("SELECT count(*) FROM app_versions WHERE id = 'app-1'").pluck().get()).toBe(2);
    expect(storedRecordsDigest(db)).toEqual(feedDigest(platform.records));
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
  });

  it('a page served twice changes nothing', () => {
    const { db, platform } = setup();
    const w = authRecordsWriter(db);
    const page = platform.records.slice(0, 500);
    expect(db.transaction(() => w.insert(page))()).toBe(500);
    const before = tablesDigest(db, DATA_TABLES);
    expect(db.transaction(() => w.insert(page))()).toBe(0);
    expect(tablesDigest(db, DATA_TABLES)).toBe(before);
  });

  it('accepts a replayed page mid-feed without believing its end, and ends exact', async () => {
    const { db, platform, sync } = setup();
    let replayed = false;
    const real = platform.authRecords.bind(platform);
    platform.authRecords = async (after, limit, signal) => {
      if (after === 900 && !replayed) {
        replayed = true;
        // The page before, served again, claiming there is nothing more.
        return { ...(await real(600, limit, signal)), hasMore: false };
      }
      return real(after, limit, signal);
    };
    const s = await sync();
    expect(replayed).toBe(true);
    expect(s.resources.records).toMatchObject({ written: 2000, cursor: 2000 });
    expect(storedRecordsDigest(db)).toEqual(feedDigest(platform.records));
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
  });

  it('takes prepared batches when the client offers them (the page worker route), replays included, and ends exact', async () => {
    const { db, platform, sync } = setup();
    const real = platform.authRecords.bind(platform);
    let batches = 0;
    let replayed = false;
    const client = Object.assign(Object.create(platform) as FakePlatform, {
      authRecords: () => Promise.reject(new Error('the batch route was not taken')),
      async authRecordBatches(after: number, limit: number, signal?: AbortSignal) {
        batches++;
        // Once, a page straddling the cursor: records already stored and new ones after them.
        const from = after === 900 && !replayed ? ((replayed = true), 750) : after;
        const p = await real(from, limit, signal);
        return { items: prepareRecordBatch(p.items), next: p.next, hasMore: p.hasMore };
      },
    });
    const s = await sync({ client, resources: ['records'] });
    expect(replayed).toBe(true);
    expect(batches).toBeGreaterThan(6);
    expect(s.resources.records).toMatchObject({ written: 2000, cursor: 2000 });
    expect(storedRecordsDigest(db)).toEqual(feedDigest(platform.records));
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
  });

  it('a failure mid-feed keeps the committed pages and the next run resumes with no gap or duplicate', async () => {
    const { db, platform, sync } = setup();
    platform.before = (call, after) => {
      if (call === 'records' && after === 1200) throw new ApiError('PLATFORM_ERROR', 'platform failed (after 5 tries)');
    };
    const first = await sync();
    expect(first.ok).toBe(false);
    expect(first.resources.records).toMatchObject({ written: 1200, cursor: 1200, error: { code: 'PLATFORM_ERROR' } });
    // Other resources still ran: one failing resource does not stop the run.
    expect(first.resources.usage?.error).toBeUndefined();
    expect(db.prepare('SELECT count(*) FROM auth_records').pluck().get()).toBe(1200);
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
    const state = db.prepare("SELECT cursor, rows, last_error FROM sync_state WHERE resource = 'records'").get() as {
      cursor: string;
      rows: number;
      last_error: string;
    };
    expect(state).toMatchObject({ cursor: '1200', rows: 1200 });
    expect(JSON.parse(state.last_error).code).toBe('PLATFORM_ERROR');

    platform.before = () => undefined;
    const second = await sync();
    expect(second.resources.records).toEqual({ fetched: 800, written: 800, cursor: 2000 });
    expect(storedRecordsDigest(db)).toEqual(feedDigest(platform.records));
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
    expect(db.prepare("SELECT last_error FROM sync_state WHERE resource = 'records'").pluck().get()).toBeNull();
  });

  describe('ready pages written together (the records feed)', () => {
    /** A client serving prepared pages at once (as the page worker does when it is ahead); each request's signal kept. */
    function readyClient(platform: FakePlatform, db: Db, opts: { bad?: number } = {}) {
      const real = platform.authRecords.bind(platform);
      const signals: AbortSignal[] = [];
      const cursor = (): number => Number(db.prepare("SELECT cursor FROM sync_state WHERE resource = 'records'").pluck().get() ?? 0);
      let ahead = 0;
      const client = Object.assign(Object.create(platform) as FakePlatform, {
        authRecords: () => Promise.reject(new Error('the batch route was not taken')),
        async authRecordBatches(after: number, limit: number, signal?: AbortSignal) {
          signals.push(signal!);
          // Pages asked for beyond the last commit: the memory the feed holds.
          ahead = Math.max(ahead, (after - cursor()) / limit + 1);
          const p = await real(after, limit, signal);
          // A page out of order fails its page (the feed's check), as a bad page from the platform would.
          const items = after === opts.bad ? [...p.items].reverse() : p.items;
          return { items: prepareRecordBatch(items), next: p.next, hasMore: p.hasMore };
        },
      });
      return { client, signals, ahead: () => ahead };
    }
    const commits = (progress: SyncProgress[]): number[] => progress.filter((p) => p.resource === 'records' && p.phase === 'page').map((p) => p.done);

    it('commits the ready pages in one transaction each and stores exactly what page by page stores, fetching a bounded way ahead', async () => {
      const tables = [
        'auth_records',
        'rollup_daily',
        'rollup_hourly',
        'rollup_failures',
        'rollup_codes_hourly',
        'rollup_slots',
        'rollup_slot_failures',
        'rollup_codes_daily',
        'rollup_billable_daily',
        'rollup_billable_monthly',
      ];
      const one = setup();
      const oneProgress: SyncProgress[] = [];
      const s1 = await one.sync({
        client: readyClient(one.platform, one.db).client,
        resources: ['records'],
        groupPages: 1,
        onProgress: (p) => oneProgress.push(p),
      });
      const grouped = setup();
      const groupedProgress: SyncProgress[] = [];
      const ready = readyClient(grouped.platform, grouped.db);
      const s4 = await grouped.sync({ client: ready.client, resources: ['records'], groupPages: 4, onProgress: (p) => groupedProgress.push(p) });
      expect(s1.resources.records).toEqual({ fetched: 2000, written: 2000, cursor: 2000 });
      expect(s4.resources.records).toEqual({ fetched: 2000, written: 2000, cursor: 2000 });
      // One progress event a commit, at page boundaries: page by page seven, grouped fewer, up to four pages each.
      expect(commits(oneProgress)).toEqual([300, 600, 900, 1200, 1500, 1800, 2000]);
      const done = commits(groupedProgress);
      expect(done.at(-1)).toBe(2000);
      expect(done.length).toBeLessThan(7);
      done.forEach((d, i) => {
        const step = d - (done[i - 1] ?? 0);
        expect(d === 2000 || d % 300 === 0).toBe(true);
        expect(step).toBeGreaterThan(0);
        expect(step).toBeLessThanOrEqual(1200);
      });
      // Never more than the group written and a full queue ahead of the last commit.
      expect(ready.ahead()).toBeGreaterThan(1);
      expect(ready.ahead()).toBeLessThanOrEqual(2 * 4);
      for (const t of tables) expect(tablesDigest(grouped.db, [t]), t).toBe(tablesDigest(one.db, [t]));
      expect(storedRecordsDigest(grouped.db)).toEqual(feedDigest(grouped.platform.records));
      expect(storedRollups(grouped.db)).toBe(rollupsFromRecords(grouped.db));
    });

    it('a bad page among ready ones: the pages before it are committed, nothing of it or after it, the requests ahead aborted', async () => {
      const { db, platform, sync } = setup();
      const ready = readyClient(platform, db, { bad: 1500 });
      const s = await sync({ client: ready.client, groupPages: 4, resources: ['records'] });
      expect(s.resources.records).toMatchObject({ written: 1500, cursor: 1500, error: { code: 'PLATFORM_ERROR' } });
      expect(s.resources.records?.error?.message).toMatch(/records page after 1500 is inconsistent/);
      expect(db.prepare('SELECT count(*), max(seq) FROM auth_records').raw().get()).toEqual([1500, 1500]);
      expect(storedRollups(db)).toBe(rollupsFromRecords(db));
      expect(ready.signals.every((x) => x.aborted)).toBe(true);
      // The next run resumes after the last good commit and ends exact.
      const again = await sync({ client: readyClient(platform, db).client, resources: ['records'] });
      expect(again.resources.records).toEqual({ fetched: 500, written: 500, cursor: 2000 });
      expect(storedRecordsDigest(db)).toEqual(feedDigest(platform.records));
    });

    it('a cancel while the writer waits for a page that ignores its signal ends the sync at once', async () => {
      const { db, platform, sync } = setup();
      const ready = readyClient(platform, db);
      const ac = new AbortController();
      let release = (): void => undefined;
      const client = Object.assign(Object.create(ready.client) as FakePlatform, {
        authRecordBatches(after: number, limit: number, signal?: AbortSignal) {
          if (after !== 900) return ready.client.authRecordBatches!(after, limit, signal);
          // Answers only when the test is over, whatever its signal says.
          return new Promise((resolve) => (release = () => resolve(ready.client.authRecordBatches!(after, limit))));
        },
      });
      const s = await sync({
        client,
        groupPages: 4,
        resources: ['records'],
        signal: ac.signal,
        // Everything before that page committed: the writer now waits for it; the cancel comes then.
        onProgress: (p) => void (p.phase === 'page' && p.done === 900 && setTimeout(() => ac.abort(), 20)),
      });
      release();
      expect(s.cancelled).toBe(true);
      expect(s.resources.records?.error?.code).toBe('CANCELLED');
      expect(db.prepare('SELECT count(*) FROM auth_records').pluck().get()).toBe(900);
      expect(storedRollups(db)).toBe(rollupsFromRecords(db));
    });

    it('cancelled during a grouped sync: only whole commits stored, rollups equal to them, the requests ahead aborted', async () => {
      const { db, platform, sync } = setup();
      const ready = readyClient(platform, db);
      const ac = new AbortController();
      const progress: SyncProgress[] = [];
      const s = await sync({
        client: ready.client,
        groupPages: 4,
        resources: ['records'],
        signal: ac.signal,
        onProgress: (p) => {
          progress.push(p);
          if (p.phase === 'page' && p.done > 300) ac.abort();
        },
      });
      expect(s.cancelled).toBe(true);
      const done = commits(progress);
      // Cancelled after a grouped commit (more than a page at once), with pages ready behind it.
      expect(done.at(-1)! - (done.at(-2) ?? 0)).toBeGreaterThan(300);
      const n = db.prepare('SELECT count(*) FROM auth_records').pluck().get() as number;
      expect(n).toBe(done.at(-1));
      expect(db.prepare("SELECT cursor FROM sync_state WHERE resource = 'records'").pluck().get()).toBe(String(n));
      expect(storedRollups(db)).toBe(rollupsFromRecords(db));
      expect(ready.signals.every((x) => x.aborted)).toBe(true);
      const again = await sync({ client: readyClient(platform, db).client, resources: ['records'] });
      expect(again.ok).toBe(true);
      expect(storedRecordsDigest(db)).toEqual(feedDigest(platform.records));
      expect(storedRollups(db)).toBe(rollupsFromRecords(db));
    });
  });

  it('stops the run when the platform is unreachable, and says so', async () => {
    const { platform, sync } = setup();
    platform.before = (call) => {
      if (call === 'activities') throw new ApiError('PLATFORM_UNREACHABLE', 'cannot reach fake (ECONNREFUSED)');
    };
    const contacts: boolean[] = [];
    const s = await sync({ onContact: (reached) => contacts.push(reached) });
    expect(s.ok).toBe(false);
    expect(s.resources.apps?.error).toBeUndefined();
    expect(s.resources.activities?.error?.code).toBe('PLATFORM_UNREACHABLE');
    expect(s.resources.records?.error?.message).toMatch(/^not tried/);
    expect(platform.calls.some((c) => c.startsWith('records'))).toBe(false);
    expect(contacts.at(-1)).toBe(false);
  });

  it('cancels between pages; the next run resumes exactly', async () => {
    const { db, platform, sync } = setup();
    const ac = new AbortController();
    const s = await sync({
      signal: ac.signal,
      onProgress: (p) => {
        if (p.resource === 'records' && p.phase === 'page' && p.done >= 600) ac.abort();
      },
    });
    expect(s.cancelled).toBe(true);
    const n = db.prepare('SELECT count(*) FROM auth_records').pluck().get() as number;
    expect(n).toBeGreaterThanOrEqual(600);
    expect(n).toBeLessThan(2000);
    expect(s.resources.usage?.error?.code).toBe('CANCELLED');
    const again = await sync();
    expect(again.ok).toBe(true);
    expect(storedRecordsDigest(db)).toEqual(feedDigest(platform.records));
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
  });

  it('skips what the role may not read and still finds the months from the apps', async () => {
    const { db, platform, sync } = setup({ role: 'finance' });
    const s = await sync();
    expect(s.ok).toBe(true);
    expect(s.resources.records?.skipped).toMatch(/role finance may not read records/);
    expect(s.resources.activities?.skipped).toBeDefined();
    expect(platform.calls.some((c) => c.startsWith('records'))).toBe(false);
    expect(s.resources.usage).toMatchObject({ fetched: 3 });
    expect(db.prepare('SELECT count(*) FROM auth_records').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM usage_lines').pluck().get()).toBeGreaterThan(0);
  });

  it('refuses a page out of order and commits nothing of it', async () => {
    const { db, platform, sync } = setup();
    const real = platform.authRecords.bind(platform);
    platform.authRecords = async (after, limit, signal) => {
      const p = await real(after, limit, signal);
      if (after === 300) return { ...p, items: [...p.items].reverse() };
      return p;
    };
    const s = await sync();
    expect(s.resources.records).toMatchObject({ written: 300, cursor: 300, error: { code: 'PLATFORM_ERROR' } });
    expect(db.prepare('SELECT max(seq) FROM auth_records').pluck().get()).toBe(300);
  });

  it('never stores an appKey in plain text', async () => {
    const sealed = new Map<string, string>();
    const persistent: SecretStore = {
      kind: 'safeStorage',
      persistent: true,
      warning: null,
      seal: (plain) => {
        const h = `sealed:${sealed.size}`;
        sealed.set(h, plain);
        return h;
      },
      unseal: (h) => sealed.get(h)!,
    };
    for (const secrets of [memorySecretStore(), persistent]) {
      const { db, sync } = setup({ secrets });
      await sync({ resources: ['apps'] });
      const rows = db.prepare('SELECT data, app_key_sealed FROM apps').all() as { data: string; app_key_sealed: string | null }[];
      for (const r of rows) {
        expect(r.data).not.toContain('appkey-secret');
        expect(String(r.app_key_sealed)).not.toContain('appkey-secret');
        expect(r.app_key_sealed === null).toBe(!secrets.persistent);
      }
      const history = db.prepare('SELECT data FROM app_versions').pluck().all() as string[];
      expect(history.join()).not.toContain('appkey-secret');
      expect(readAppKey(db, secrets, 'app-2')).toBe('appkey-secret-2');
    }
  });

  it('records days in Shanghai time', async () => {
    const { db, platform, sync } = setup({ records: 50 });
    await sync({ resources: ['records'] });
    const dates = db.prepare('SELECT DISTINCT date FROM rollup_daily ORDER BY 1').pluck().all();
    const expected = [...new Set(platform.records.map((r) => shanghaiDate(Date.parse(r.requestTime))))].sort();
    expect(dates).toEqual(expected);
  });

  it('replaces a regenerated copy atomically with its first fresh page', async () => {
    const { db, platform, sync } = setup({ records: 900 });
    await sync();
    // The platform regenerates itself: same seqs, other content, and fewer apps.
    for (const r of platform.records) r.traceId = `regenerated-${r.seq}`;
    platform.apps.splice(2, 1);
    platform.before = (call, after) => {
      if (call === 'records' && after === 300) throw new ApiError('PLATFORM_ERROR', 'boom');
    };
    const partial = await sync({ fresh: ['apps', 'records'] });
    expect(partial.resources.apps).toMatchObject({ fetched: 2, written: 2 });
    expect(db.prepare('SELECT count(*) FROM apps').pluck().get()).toBe(2);
    // The failed fresh run left a clean prefix of the new copy, nothing of the old one.
    expect(db.prepare('SELECT count(*) FROM auth_records').pluck().get()).toBe(300);
    expect(db.prepare("SELECT count(*) FROM auth_records WHERE trace_id NOT LIKE 'regenerated-%'").pluck().get()).toBe(0);
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
    platform.before = () => undefined;
    const done = await sync({ fresh: ['records'] });
    expect(done.resources.records).toMatchObject({ fetched: 900, written: 900, cursor: 900 });
    expect(storedRecordsDigest(db)).toEqual(feedDigest(platform.records));
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
  });
});
