/**
 * An Alibaba month reconciled against QueryGateVerifyBillingPublic: with --drift the
 * differences are exactly the drifted lines; without, every month matches. The local bill is
 * also checked against an independent all-units calculation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, startEmulator, type StartedEmulator } from '../../../../../emulator/index';
import { addMonths, shanghaiDate } from '../../../../../shared/time/shanghai';
import { openTestWorkspaceDb } from '../../testing/context';
import { AliyunDypnsClient } from './client';
import { aliyunMonthBill, reconcileAliyunMonth } from './month';
import { syncAliyunStatistics } from './statistics-sync';

const clock = manualClock(Date.now());
let drifted: StartedEmulator;
let clean: StartedEmulator;

beforeAll(async () => {
  [drifted, clean] = await Promise.all([
    startEmulator({ seed: 31, days: 70, daily: 10, apps: 1, aliyunSchemes: 4, aliyunDaily: 300, drift: 5, now: clock.now }),
    startEmulator({ seed: 32, days: 40, daily: 10, apps: 1, aliyunSchemes: 2, aliyunDaily: 300, now: clock.now }),
  ]);
});
afterAll(() => Promise.all([drifted.close(), clean.close()]));

function client(emu: StartedEmulator): AliyunDypnsClient {
  const k = emu.aliyun!.keys.find((x) => x.role === 'finance')!;
  return new AliyunDypnsClient(
    { endpoint: emu.aliyun!.endpoint, protocol: 'http', accessKeyId: k.accessKeyId, accessKeySecret: k.accessKeySecret },
    { retry: { attempts: 1 } },
  );
}

function monthsOf(emu: StartedEmulator): string[] {
  const out: string[] = [];
  for (let m = emu.history.start.slice(0, 7); m <= shanghaiDate(clock.now()).slice(0, 7); m = addMonths(m, 1)) out.push(m);
  return out;
}

async function reconcileAll(emu: StartedEmulator) {
  const db = openTestWorkspaceDb();
  const c = client(emu);
  await syncAliyunStatistics(db, c, { schemeCodes: emu.aliyun!.schemes().map((s) => s.code), now: clock.now(), firstSyncDays: 100 });
  const results = [];
  for (const m of monthsOf(emu)) results.push(await reconcileAliyunMonth(db, c, m));
  return { db, results };
}

describe('Alibaba month reconciliation', () => {
  it('finds exactly the drifted billing lines', async () => {
    const { db, results } = await reconcileAll(drifted);
    const found = results.flatMap((r) => r.differences.map((d) => `${r.month}|${d.id}|${d.capability}|${d.delta}`)).sort();
    const expected = drifted
      .aliyun!.drift()
      .filter((t) => t.served !== t.truth)
      .map((t) => `${t.month}|${t.sceneCode}|${t.type === 1 ? 'login' : 'verify'}|${t.served - t.truth}`)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
    for (const r of results) expect(r.status).toBe(r.differences.length ? 'mismatched' : 'matched');
    db.close();
  });

  it('matches every month without drift, and the local bill is the all-units price of the month', async () => {
    const { db, results } = await reconcileAll(clean);
    for (const r of results) {
      expect(r.status).toBe('matched');
      expect(r.deltaAmount).toBe('0.00');
      const bill = aliyunMonthBill(db, r.month);
      // Independent: ≤100,000 calls → 0.040 each, each line rounded to the fen, then summed.
      expect(bill.billable).toBeLessThanOrEqual(100_000);
      const fen = bill.lines.reduce((s, l) => s + Math.floor((l.billable * 40 + 5) / 10), 0);
      expect(bill.amount).toBe((fen / 100).toFixed(2));
      expect(r.amountLocal).toBe(bill.amount);
    }
    db.close();
  });
});
