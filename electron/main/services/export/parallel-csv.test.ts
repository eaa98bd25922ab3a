/**
 * The CSV export on several cores (parallel-csv.ts, csv-worker.ts) against the same export on one
 * thread: the same bytes for every filter, nothing left behind when cancelled, and one snapshot
 * for all workers while sync keeps committing. Small slices, pages and buffers, so a few thousand
 * records cross many slices, pages and buffer hand-backs (and lines that overflow a buffer).
 */
import { existsSync, readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import { dataVersion } from '../db/connection';
import { openDatabase } from '../db/open';
import { fixtureRecords } from '../records/testing/fixture';
import { authRecordsWriter } from '../store/auth-records-repo';
import type { ParallelOptions } from './parallel-csv';
import { runExport, type ExportEnv } from './run-export';
import { exportTestBed, type ExportTestBed } from './testing/support';
import { sliceCutter } from './time-slices';

let bed: ExportTestBed;
let n = 0;
const nextId = (): string => `exp_par_${String(++n).padStart(4, '0')}`;
const ONE_THREAD: ParallelOptions = { workers: 1 };
/** Slices of ~150 records, pages of 37 rows, two 16 KiB buffers per worker (a 256-line piece never fits one). */
const MANY_CORES: ParallelOptions = { workers: 2, minRows: 0, sliceRows: 150, batchSize: 37, buffers: 2, bufferBytes: 16 * 1024 };

beforeAll(() => {
  bed = exportTestBed({ onDisk: true });
});
afterAll(() => bed.cleanup());

async function csv(name: string, filter: RecordsFilter, parallel: ParallelOptions, extra: Partial<ExportEnv> = {}) {
  const res = await runExport(bed.env({ parallel, ...extra }), { exportId: nextId(), filter, format: 'csv', locale: 'zh-CN', target: join(bed.dir, name) });
  return { res, bytes: readFileSync(res.file) };
}

describe('a CSV export on several cores', () => {
  it('writes the bytes of the one-thread export, for every kind of filter', async () => {
    const filters: RecordsFilter[] = [
      {},
      { app: 'app-alpha', operator: 'CMCC' },
      { code: '10500', from: '2026-10-20T10:30:00+08:00', to: '2026-11-10T00:00:00.001+08:00' },
    ];
    for (const [i, filter] of filters.entries()) {
      const one = await csv(`one-${i}.csv`, filter, ONE_THREAD);
      const many = await csv(`many-${i}.csv`, filter, MANY_CORES);
      expect(one.res.rows).toBeGreaterThan(100);
      expect(one.res.threads).toBe(1);
      expect(many.res.threads).toBe(2);
      expect(many.res.rows).toBe(one.res.rows);
      expect(many.res.sha256).toBe(one.res.sha256);
      expect(many.bytes.equals(one.bytes)).toBe(true);
    }
  }, 120_000);

  it('reads one snapshot in every worker while records keep arriving', async () => {
    const before = await csv('before.csv', {}, ONE_THREAD);
    // Late records all over the range, committed while the workers read (seq beyond the fixture's).
    const late = fixtureRecords(400, 7).map((r, i) => ({ ...r, seq: 900_000 + i, recordId: `late-${i}` }));
    const writer = authRecordsWriter(bed.t.workspace.db);
    let landed = 0;
    const during = await csv('during.csv', {}, MANY_CORES, {
      progressEveryMs: 0,
      onProgress: (p) => {
        if (p.phase === 'writing' && landed < late.length) {
          bed.t.workspace.db.transaction(() => writer.insert(late.slice(landed, landed + 100)))();
          landed += 100;
        }
      },
    });
    expect(landed).toBeGreaterThan(0);
    expect(during.res.threads).toBe(2);
    expect(during.res.rows).toBe(before.res.rows);
    expect(during.bytes.equals(before.bytes)).toBe(true);
    // The next export sees them.
    const after = await csv('after.csv', {}, MANY_CORES);
    expect(after.res.rows).toBe(before.res.rows + landed);
  }, 120_000);

  it('leaves nothing behind when cancelled, and records nothing', async () => {
    const dir = join(bed.dir, 'cancel');
    mkdirSync(dir);
    const history = (): unknown => bed.t.workspace.db.prepare('SELECT COUNT(*) FROM export_history').pluck().get();
    const count = history();
    const ac = new AbortController();
    const run = runExport(
      bed.env({
        parallel: MANY_CORES,
        signal: ac.signal,
        progressEveryMs: 0,
        onProgress: (p) => {
          if (p.phase === 'writing' && p.rows >= 500) ac.abort();
        },
      }),
      { exportId: nextId(), filter: {}, format: 'csv', locale: 'en-US', target: join(dir, 'out.csv') },
    );
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'out.csv.manifest.json'))).toBe(false);
    expect(history()).toBe(count);
  }, 120_000);
  it('fails promptly when a worker dies (out of its heap), and leaves nothing behind', async () => {
    const dir = join(bed.dir, 'died');
    mkdirSync(dir);
    const history = (): unknown => bed.t.workspace.db.prepare('SELECT COUNT(*) FROM export_history').pluck().get();
    const count = history();
    // A heap far below what a worker needs to start: both die before pinning. (Closing the pool
    // waited for an 'exit' that had already fired, and the export hung.)
    const run = runExport(bed.env({ parallel: { ...MANY_CORES, workerLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } } }), {
      exportId: nextId(),
      filter: {},
      format: 'csv',
      locale: 'en-US',
      target: join(dir, 'out.csv'),
    });
    await expect(run).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/CSV export worker/) });
    expect(readdirSync(dir)).toEqual([]);
    expect(history()).toBe(count);
  }, 60_000);
});

describe('one snapshot across connections', () => {
  it('data_version stays put exactly while no other connection commits', () => {
    const file = join(bed.dir, 'probe.db');
    const writer = openDatabase(file, { migrations: [] });
    writer.exec('CREATE TABLE t (x)');
    const probe = openDatabase(file, { migrations: [], readonly: true });
    try {
      const v0 = dataVersion(probe);
      expect(dataVersion(probe)).toBe(v0);
      writer.exec('INSERT INTO t VALUES (1)');
      const v1 = dataVersion(probe);
      expect(v1).not.toBe(v0);
      expect(dataVersion(probe)).toBe(v1);
    } finally {
      probe.close();
      writer.close();
    }
  });
});

describe('time slices', () => {
  function cut(range: { fromMs: number | null; toMs: number | null }, span: { first: number; last: number } | null, total: number, size: number) {
    const c = sliceCutter(range, span, total, size);
    const out = [];
    for (let s = c.next(); s; s = c.next()) {
      out.push(s);
      // A uniform density: what the estimate started from.
      if (s.lo !== null && s.hi !== null) c.done(s, Math.round(((s.hi - s.lo) * total) / (span ? span.last + 1 - span.first : 1)));
      if (out.length > 10_000) throw new Error('no end');
    }
    return out;
  }

  it('are the whole range, newest first, end to end, without overlap', () => {
    for (const range of [
      { fromMs: null, toMs: null },
      { fromMs: 1000, toMs: 9000 },
      { fromMs: null, toMs: 5000 },
    ]) {
      const slices = cut(range, { first: 1200, last: 8700 }, 75_000, 1000);
      expect(slices[0]!.hi).toBe(range.toMs);
      expect(slices.at(-1)!.lo).toBe(range.fromMs);
      for (let i = 1; i < slices.length; i++) expect(slices[i]!.hi).toBe(slices[i - 1]!.lo);
      for (const s of slices.slice(1, -1)) expect(s.hi! - s.lo!).toBeGreaterThan(0);
      expect(slices.length).toBeGreaterThan(50);
      expect(slices.length).toBeLessThan(100);
    }
  });

  it('are one slice when the range holds no more than one', () => {
    expect(cut({ fromMs: 1, toMs: 2 }, null, 0, 10)).toEqual([{ lo: 1, hi: 2 }]);
    expect(cut({ fromMs: null, toMs: null }, { first: 5, last: 9 }, 10, 10)).toEqual([{ lo: null, hi: null }]);
  });

  it('widen where matches are sparse and narrow where they are dense', () => {
    const c = sliceCutter({ fromMs: null, toMs: null }, { first: 0, last: 999_999 }, 100_000, 1000);
    const first = c.next()!;
    expect(first.hi).toBeNull();
    c.done({ lo: first.lo, hi: 1_000_000 }, 250);
    const second = c.next()!;
    expect(second.hi! - second.lo!).toBe(40_000);
    c.done(second, 4000);
    const third = c.next()!;
    expect(third.hi! - third.lo!).toBe(10_000);
  });
});
