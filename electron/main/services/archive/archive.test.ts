import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../../shared/contract';
import type { ArchiveProgress } from '../../../../shared/contract/archive';
import { ApiError } from '../../../../shared/contract/errors';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { shanghaiMonthRange } from '../../../../shared/time/shanghai';
import type { ServiceContext } from '../core/context';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { fixtureRecords, loadFixture } from '../records/testing/fixture';
import { authRecordsWriter } from '../store/auth-records-repo';
import { oracleSearch } from '../records/testing/oracle';
import { segments } from '../records/aggregate';
import { createTestContext, type TestContext } from '../testing/context';
import { dropArchivedMonth, writeMonthArchive } from './month-archive';
import { monthContext } from './retention';

let t: TestContext;
let records: PlatformAuthRecord[];
beforeEach(() => {
  t = createTestContext();
  records = loadFixture(t.workspace.db, fixtureRecords(12_000));
});
afterEach(() => t.cleanup());

const call = (ctx: ServiceContext, name: CallName, input: unknown, signal?: AbortSignal) =>
  dispatch(handlers, ctx, name, input, signal) as Promise<Record<string, unknown>>;
const OCT = shanghaiMonthRange('2026-10');
const db = () => t.workspace.db;
const dir = () => join(t.ctx.dataDir, 'archives', 'test');
const file = () => join(dir(), 'records-2026-10.jsonl.gz');

/** The month's raw rows read by plain SQL, independent of the archive code (every stored column). */
function rawRows(month: { start: number; end: number }): unknown[][] {
  return db().prepare('SELECT * FROM auth_records WHERE request_ms >= ? AND request_ms < ? ORDER BY seq').raw().all(month.start, month.end) as unknown[][];
}
function tablesHash(names: string[]): string {
  const h = createHash('sha256');
  for (const n of names) for (const row of db().prepare(`SELECT * FROM ${n}`).raw().all() as unknown[][]) h.update(`${n}|${JSON.stringify(row)}\n`);
  return h.digest('hex');
}
const ROLLUPS = [
  'rollup_daily',
  'rollup_hourly',
  'rollup_failures',
  'rollup_codes_hourly',
  'rollup_codes_daily',
  'rollup_billable_daily',
  'rollup_billable_monthly',
];
const allRecordsHash = () => tablesHash(['auth_records']);
const octCount = () => rawRows(OCT).length;

describe('archive.create', () => {
  it('writes a closed month to a gzip file an independent reader agrees with, and drops only that month (rollups stay)', async () => {
    const octRows = rawRows(OCT);
    expect(octRows.length).toBeGreaterThan(1000);
    const novBefore = rawRows(shanghaiMonthRange('2026-11'));
    const rollups = tablesHash(ROLLUPS);
    const progress: ArchiveProgress[] = [];
    t.ctx.events.subscribe((name, p) => {
      if (name === 'archive.progress') progress.push(p as ArchiveProgress);
    });

    const res = await call(t.ctx, 'archive.create', { month: '2026-10', drop: true });

    expect(res).toMatchObject({ month: '2026-10', state: 'dropped', storedRecords: 0 });
    const manifest = JSON.parse(readFileSync(`${file()}.manifest.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ kind: 'onetap-console/archive', month: '2026-10', records: octRows.length, workspace: { id: 'test' } });
    // Independent reader: zlib's one-shot gunzip, one JSON line per record, the seqs of exactly the month's rows.
    const bytes = readFileSync(file());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe((manifest.file as { sha256: string }).sha256);
    const content = gunzipSync(bytes);
    expect(createHash('sha256').update(content).digest('hex')).toBe(manifest.contentSha256);
    const lines = content.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(octRows.length);
    const seqs = lines.map((l) => (JSON.parse(l) as unknown[])[0] as number).sort((a, b) => a - b);
    expect(seqs).toEqual(octRows.map((r) => r[0]));
    // Only October's raw rows left the store; November and every rollup are untouched.
    expect(octCount()).toBe(0);
    expect(rawRows(shanghaiMonthRange('2026-11'))).toEqual(novBefore);
    expect(tablesHash(ROLLUPS)).toBe(rollups);
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['write', 'check', 'drop']));
    expect(readdirSync(dir()).sort()).toEqual(['records-2026-10.jsonl.gz', 'records-2026-10.jsonl.gz.manifest.json']);
  });

  it('archive → drop → import gives back exactly the original store', async () => {
    const before = allRecordsHash();
    const rollups = tablesHash(ROLLUPS);
    await call(t.ctx, 'archive.create', { month: '2026-10', drop: true });
    expect(allRecordsHash()).not.toBe(before);
    const res = await call(t.ctx, 'archive.import', { month: '2026-10' });
    expect(res).toMatchObject({ month: '2026-10', skipped: 0 });
    expect(res.imported).toBe(records.filter((r) => Date.parse(r.requestTime) < OCT.end && Date.parse(r.requestTime) >= OCT.start).length);
    expect(allRecordsHash()).toBe(before);
    expect(tablesHash(ROLLUPS)).toBe(rollups);
    const list = await call(t.ctx, 'archive.list', {});
    expect((list.months as { month: string; state: string }[]).find((m) => m.month === '2026-10')!.state).toBe('archived');
    // Importing again finds every record present.
    expect(await call(t.ctx, 'archive.import', { month: '2026-10' })).toMatchObject({ imported: 0, skipped: res.imported });
  });

  it('refuses the open month and a month without records, changing nothing', async () => {
    const before = allRecordsHash();
    await expect(call(t.ctx, 'archive.create', { month: '2026-11', drop: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(t.ctx, 'archive.create', { month: '2026-01', drop: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(allRecordsHash()).toBe(before);
    expect(existsSync(dir()) ? readdirSync(dir()) : []).toEqual([]);
  });

  it('a record arriving late for an archived month is in the next archive, and one arriving after the drop is merged, never lost', async () => {
    await call(t.ctx, 'archive.create', { month: '2026-10', drop: false });
    const n = octCount();
    const late = (seq: number): PlatformAuthRecord => ({ ...records.find((r) => r.requestTime.startsWith('2026-10-1'))!, seq, recordId: `late-${seq}` });
    db().transaction(() => authRecordsWriter(db()).insert([late(900_001)]))();
    // The recorded archive no longer matches the store: archiving again with drop writes a new file first.
    await call(t.ctx, 'archive.create', { month: '2026-10', drop: true });
    expect(octCount()).toBe(0);
    db().transaction(() => authRecordsWriter(db()).insert([late(900_002)]))();
    const res = await call(t.ctx, 'archive.create', { month: '2026-10', drop: true });
    expect(res).toMatchObject({ state: 'dropped', archive: { records: n + 2 } });
    await call(t.ctx, 'archive.import', { month: '2026-10' });
    expect(octCount()).toBe(n + 2);
  });

  it('cancelled mid-way leaves no file and an unchanged store', async () => {
    const before = allRecordsHash();
    const ac = new AbortController();
    t.ctx.events.subscribe((name, p) => {
      if (name === 'archive.progress' && (p as ArchiveProgress).done >= 5000) ac.abort(new ApiError('CANCELLED', 'cancelled'));
    });
    await expect(call(t.ctx, 'archive.create', { month: '2026-10', drop: true }, ac.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(allRecordsHash()).toBe(before);
    expect(readdirSync(dir())).toEqual([]);
  });
});

describe('archive.verify and import of damaged or hostile files', () => {
  beforeEach(async () => {
    await call(t.ctx, 'archive.create', { month: '2026-10', drop: true });
  });

  it('a sound archive verifies', async () => {
    expect(await call(t.ctx, 'archive.verify', { month: '2026-10' })).toMatchObject({ ok: true, problems: [] });
  });

  it('a changed byte is found, and import refuses it without writing anything', async () => {
    const bytes = readFileSync(file());
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x40;
    writeFileSync(file(), bytes);
    const v = await call(t.ctx, 'archive.verify', { month: '2026-10' });
    expect(v).toMatchObject({ ok: false });
    expect((v.problems as { code: string }[]).map((p) => p.code)).toEqual(['FILE_HASH']);
    await expect(call(t.ctx, 'archive.import', { month: '2026-10' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(octCount()).toBe(0);
  });

  it('a file and manifest replaced together do not pass as the archive this workspace wrote', async () => {
    const m = JSON.parse(readFileSync(`${file()}.manifest.json`, 'utf8')) as {
      records: number;
      contentSha256: string;
      file: { sha256: string; bytes: number };
    };
    const lines = gunzipSync(readFileSync(file())).toString('utf8').trimEnd().split('\n').slice(1);
    const content = Buffer.from(`${lines.join('\n')}\n`);
    const gz = gzipSync(content);
    writeFileSync(file(), gz);
    const forged = {
      ...m,
      records: lines.length,
      contentSha256: createHash('sha256').update(content).digest('hex'),
      file: { ...m.file, bytes: gz.length, sha256: createHash('sha256').update(gz).digest('hex') },
    };
    writeFileSync(`${file()}.manifest.json`, JSON.stringify(forged));
    const v = await call(t.ctx, 'archive.verify', { month: '2026-10' });
    expect(v.ok).toBe(false);
    expect((v.problems as { code: string }[]).map((p) => p.code)).toContain('BAD_MANIFEST');
  });

  it('a truncated file and a decompression bomb end in a clear refusal, fast, with the store unchanged', async () => {
    const m = JSON.parse(readFileSync(`${file()}.manifest.json`, 'utf8')) as { file: { sha256: string; bytes: number } };
    const cases: Buffer[] = [readFileSync(file()).subarray(0, 2000), gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x61), { level: 9 })];
    for (const gz of cases) {
      writeFileSync(file(), gz);
      // The manifest is made to match the hostile bytes, so the reader itself must stop it.
      writeFileSync(
        `${file()}.manifest.json`,
        JSON.stringify({
          ...JSON.parse(readFileSync(`${file()}.manifest.json`, 'utf8')),
          file: { ...m.file, bytes: gz.length, sha256: createHash('sha256').update(gz).digest('hex') },
        }),
      );
      const started = Date.now();
      await expect(call(t.ctx, 'archive.import', { month: '2026-10' })).rejects.toThrow(/cut short|longer than any record|damaged/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(octCount()).toBe(0);
    }
  });
});

describe('retention', () => {
  it('archives and drops the months outside the window, keeps the ones inside, and lists each state', async () => {
    expect(await call(t.ctx, 'archive.setRetention', { rawMonths: 1 })).toEqual({ rawMonths: 1 });
    const listed = await call(t.ctx, 'archive.list', {});
    const months = listed.months as { month: string; state: string; dueByRetention: boolean }[];
    expect(months.map((m) => [m.month, m.state, m.dueByRetention])).toEqual([
      ['2026-10', 'live', true],
      ['2026-11', 'live', false],
    ]);
    const nov = rawRows(shanghaiMonthRange('2026-11'));
    const applied = await call(t.ctx, 'archive.apply', {});
    expect((applied.months as { month: string; state: string }[]).map((m) => [m.month, m.state])).toEqual([['2026-10', 'dropped']]);
    expect(octCount()).toBe(0);
    expect(rawRows(shanghaiMonthRange('2026-11'))).toEqual(nov);
    // Nothing more is due: applying again does nothing.
    expect(await call(t.ctx, 'archive.apply', {})).toEqual({ months: [] });
    expect(await call(t.ctx, 'archive.setRetention', { rawMonths: null })).toEqual({ rawMonths: null });
  });

  it('refuses a window of zero months', async () => {
    await expect(call(t.ctx, 'archive.setRetention', { rawMonths: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('record search over archived months', () => {
  const ranges = [
    { from: '2026-10-03T10:17:00+08:00', to: '2026-11-02T07:00:00+08:00' }, // partial days at both edges, across the month end
    { from: '2026-09-30', to: '2026-11-16' }, // whole days, the archived month inside
    { from: '2026-10-31T23:00:00+08:00', to: '2026-11-01T01:00:00+08:00' }, // two hours across the edge
    {},
  ];

  it('totals and pages count only the records the store holds, while statistics keep counting the month', async () => {
    const statsBefore = await call(t.ctx, 'stats.daily', { from: '2026-10-01', to: '2026-11-15' });
    await call(t.ctx, 'archive.create', { month: '2026-10', drop: true });
    const remaining = records.filter((r) => !r.requestTime.startsWith('2026-10'));
    for (const range of ranges) {
      const expected = oracleSearch(remaining, range);
      const page = await call(t.ctx, 'records.search', { ...range, limit: 50 });
      expect(page.total, JSON.stringify(range)).toBe(expected.length);
      expect((page.items as { seq: number }[]).map((i) => i.seq)).toEqual(expected.slice(0, 50).map((r) => r.seq));
      const failures = await call(t.ctx, 'records.search', { ...range, result: 'failure', operator: 'CMCC', limit: 10 });
      expect(failures.total).toBe(oracleSearch(remaining, { ...range, result: 'failure', operator: 'CMCC' }).length);
    }
    expect(await call(t.ctx, 'stats.daily', { from: '2026-10-01', to: '2026-11-15' })).toEqual(statsBefore);
    await call(t.ctx, 'archive.import', { month: '2026-10' });
    for (const range of ranges) expect((await call(t.ctx, 'records.search', { ...range, limit: 1 })).total).toBe(oracleSearch(records, range).length);
  });

  it('segments cut a range around the records-only months', () => {
    const oct = { lo: OCT.start, hi: OCT.end };
    expect(segments(null, null, [])).toEqual([{ lo: null, hi: null, recordsOnly: false }]);
    expect(segments(null, null, [oct])).toEqual([
      { lo: null, hi: oct.lo, recordsOnly: false },
      { lo: oct.lo, hi: oct.hi, recordsOnly: true },
      { lo: oct.hi, hi: null, recordsOnly: false },
    ]);
    expect(segments(oct.lo + 5, oct.hi, [oct])).toEqual([{ lo: oct.lo + 5, hi: oct.hi, recordsOnly: true }]);
    expect(segments(oct.hi, oct.hi + 10, [oct])).toEqual([{ lo: oct.hi, hi: oct.hi + 10, recordsOnly: false }]);
    expect(segments(0, oct.lo, [oct])).toEqual([{ lo: 0, hi: oct.lo, recordsOnly: false }]);
  });
});

describe('the drop right after the archive it follows', () => {
  const cxOf = () => monthContext(t.ctx);

  it('skips the second full proof but still refuses a file changed on disk since it was written', async () => {
    const written = await writeMonthArchive(cxOf(), '2026-10');
    const bytes = readFileSync(file());
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x40;
    writeFileSync(file(), bytes);
    const before = octCount();
    await expect(dropArchivedMonth(cxOf(), '2026-10', written)).rejects.toMatchObject({ code: 'CORRUPT' });
    expect(octCount()).toBe(before);
  });

  it('refuses when the store gained a record after the archive was written', async () => {
    const written = await writeMonthArchive(cxOf(), '2026-10');
    const late = { ...records.find((r) => r.requestTime.startsWith('2026-10-1'))!, seq: 900_010, recordId: 'late-900010' };
    db().transaction(() => authRecordsWriter(db()).insert([late]))();
    const before = octCount();
    await expect(dropArchivedMonth(cxOf(), '2026-10', written)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(octCount()).toBe(before);
  });

  it('reads the archive back once, not twice, when the drop follows its write', async () => {
    const phases: string[] = [];
    t.ctx.events.subscribe((name, p) => {
      if (name === 'archive.progress') phases.push((p as ArchiveProgress).phase);
    });
    await call(t.ctx, 'archive.create', { month: '2026-10', drop: true });
    const count = (phase: string) => phases.filter((p) => p === phase).length;
    // The write reads its file back once, in batches as large as its write batches; a second full proof by
    // the drop would double the check events.
    expect(count('check')).toBeGreaterThan(0);
    expect(count('check')).toBeLessThanOrEqual(count('write'));
    expect(count('drop')).toBeGreaterThan(0);
    expect(octCount()).toBe(0);
  });
});

describe("archive.list { only: 'dropped' }", () => {
  it('lists exactly the dropped months with the same numbers as the full list', async () => {
    expect(await call(t.ctx, 'archive.list', { only: 'dropped' })).toMatchObject({ months: [] });
    await call(t.ctx, 'archive.create', { month: '2026-10', drop: true });
    const full = (await call(t.ctx, 'archive.list', {})).months as { state: string }[];
    const only = await call(t.ctx, 'archive.list', { only: 'dropped' });
    expect(only.months).toEqual(full.filter((m) => m.state === 'dropped'));
    expect((only.months as { month: string; calls: number }[]).map((m) => m.month)).toEqual(['2026-10']);
    const octCalls = records.filter((r) => r.requestTime.startsWith('2026-10')).length;
    expect((only.months as { calls: number }[])[0]!.calls).toBe(octCalls);
  });
});
