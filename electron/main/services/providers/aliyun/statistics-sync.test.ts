/**
 * Statistics sync from the emulator's Alibaba face through the official SDK: the rollups equal
 * the emulator's traffic day by day; a resync writes nothing; later, only the revisable days
 * (today and yesterday) are read again and only what changed is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, startEmulator, type StartedEmulator } from '../../../../../emulator/index';
import { dayCounts } from '../../../../../emulator/aliyun/traffic';
import { addDays, shanghaiDate } from '../../../../../shared/time/shanghai';
import { openTestWorkspaceDb } from '../../testing/context';
import { UNSPLIT_OPERATOR } from '../../store/provider-statistics-repo';
import { syncStateRepo } from '../../store/sync-state-repo';
import { AliyunDypnsClient } from './client';
import { ALIYUN_STATISTICS_RESOURCE, monthWindows, syncAliyunStatistics } from './statistics-sync';

const SEED = 9;
const DAILY = 5000;
const clock = manualClock(Date.now());
let emu: StartedEmulator;

beforeAll(async () => {
  emu = await startEmulator({ seed: SEED, days: 45, daily: 10, apps: 1, aliyunSchemes: 3, aliyunDaily: DAILY, now: clock.now });
});
afterAll(() => emu.close());

function client(): AliyunDypnsClient {
  const k = emu.aliyun!.keys.find((x) => x.role === 'finance')!;
  return new AliyunDypnsClient(
    { endpoint: emu.aliyun!.endpoint, protocol: 'http', accessKeyId: k.accessKeyId, accessKeySecret: k.accessKeySecret },
    { retry: { attempts: 1 } },
  );
}

describe('monthWindows', () => {
  it('covers the range without crossing a month', () => {
    expect(monthWindows('2026-01-30', '2026-03-02')).toEqual([
      { start: '2026-01-30', end: '2026-01-31' },
      { start: '2026-02-01', end: '2026-02-28' },
      { start: '2026-03-01', end: '2026-03-02' },
    ]);
  });
});

describe('Alibaba statistics sync', () => {
  it('writes the emulator traffic into rollup_daily, resyncs idempotently, re-reads the revisable days', async () => {
    const db = openTestWorkspaceDb();
    const schemes = emu.aliyun!.schemes();
    const codes = schemes.map((s) => s.code);
    const first = await syncAliyunStatistics(db, client(), { schemeCodes: codes, now: clock.now(), firstSyncDays: 50 });
    expect(first.unlistedSuccesses).toBe(0);
    expect(first.rowsWritten).toBeGreaterThan(0);

    // Independent check: every (day, scheme, capability) equals the emulator's traffic model.
    const cfg = { seed: SEED, start: emu.history.start, daily: DAILY, now: clock.now };
    const read = db.prepare('SELECT calls, successes, billable FROM rollup_daily WHERE date = ? AND id = ? AND operator = ? AND capability = ?');
    const today = shanghaiDate(clock.now());
    let checked = 0;
    for (let d = first.from; d <= today; d = addDays(d, 1)) {
      for (const s of schemes) {
        for (const [capability, type] of [
          ['login', 1],
          ['verify', 2],
        ] as const) {
          const t = dayCounts(cfg, s, d, type);
          const row = read.get(d, s.code, UNSPLIT_OPERATOR, capability) as { calls: number; successes: number; billable: number } | undefined;
          const calls = t.success + t.fail + t.unknown;
          if (calls === 0) expect(row).toBeUndefined();
          else expect(row).toEqual({ calls, successes: t.success, billable: t.success });
          checked++;
        }
      }
    }
    expect(checked).toBe(50 * 3 * 2);
    expect(syncStateRepo(db).get(ALIYUN_STATISTICS_RESOURCE)?.cursor).toBe(addDays(today, -2));

    const again = await syncAliyunStatistics(db, client(), { schemeCodes: codes, now: clock.now() });
    expect(again.rowsWritten).toBe(0);
    expect(again.from).toBe(addDays(today, -1));

    // Ten minutes later today's counts have grown (or, just after midnight, a new day began).
    const before = db.prepare('SELECT date, id, capability, calls FROM rollup_daily ORDER BY 1, 2, 3').all() as { date: string; calls: number }[];
    clock.advance(10 * 60_000);
    const later = await syncAliyunStatistics(db, client(), { schemeCodes: codes, now: clock.now() });
    const after = db.prepare('SELECT date, id, capability, calls FROM rollup_daily ORDER BY 1, 2, 3').all() as { date: string; calls: number }[];
    const changed = after.filter((r) => !before.some((b) => JSON.stringify(b) === JSON.stringify(r)));
    expect(later.rowsWritten).toBe(changed.length);
    expect(changed.length).toBeGreaterThan(0);
    const newToday = shanghaiDate(clock.now());
    for (const r of changed) expect(r.date >= addDays(newToday, -1)).toBe(true);
    db.close();
  });

  it('reports successes of schemes the workspace does not list', async () => {
    const db = openTestWorkspaceDb();
    const codes = emu.aliyun!.schemes().map((s) => s.code);
    const r = await syncAliyunStatistics(db, client(), { schemeCodes: codes.slice(1), now: clock.now(), firstSyncDays: 5 });
    const rows = db.prepare('SELECT COUNT(*) FROM rollup_daily WHERE id = ?').pluck().get(codes[0]);
    expect(rows).toBe(0);
    expect(r.unlistedSuccesses).toBeGreaterThan(0);
    db.close();
  });
});
