import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  billSchema,
  packagesSchema,
  pricingSchema,
  usageStatementSchema,
  type PlatformAuthRecord,
  type PlatformUsageLine,
} from '../../shared/platform/schemas';
import { parseIsoInstant, shanghaiDate } from '../../shared/time/shanghai';
import { startEmulator, type StartedEmulator } from '../index';
import { SignedClient } from '../testing/signed-client';
import { testClock, TEST_NOW } from '../testing/fixtures';

type Key = string;
const keyOf = (l: { date: string; id: string; capability: string; operator: string }): Key => `${l.date}|${l.id}|${l.capability}|${l.operator}`;

/** The statement computed independently from the records (platform-api §2.5, §3). */
function linesFromRecords(records: PlatformAuthRecord[], month: string): Map<Key, { calls: number; successes: number; billable: number; appId: string }> {
  const out = new Map<Key, { calls: number; successes: number; billable: number; appId: string }>();
  for (const r of records) {
    const date = shanghaiDate(parseIsoInstant(r.requestTime));
    if (!date.startsWith(month)) continue;
    const k = keyOf({ date, id: r.id, capability: r.capability, operator: r.operator });
    const line = out.get(k) ?? { calls: 0, successes: 0, billable: 0, appId: r.appId };
    line.calls++;
    if (r.success) line.successes++;
    const billable = r.capability === 'login' ? r.success : r.outcome === 'match' || r.outcome === 'mismatch';
    if (billable) line.billable++;
    out.set(k, line);
  }
  return out;
}

/** seeds/000 §2.1.2 ladder in mills, progressive, rounded half-up to the fen once. */
function ladderAmount(calls: number): { mills: number; text: string } {
  const tiers: [number, number, number][] = [
    [0, 10_000, 26],
    [10_000, 50_000, 24],
    [50_000, 250_000, 21],
    [250_000, Infinity, 18],
  ];
  let mills = 0;
  for (const [from, to, price] of tiers) mills += Math.max(0, Math.min(calls, to) - from) * price;
  const fen = Math.floor((mills + 5) / 10);
  return { mills, text: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}` };
}

const clock = testClock();
let emu: StartedEmulator;
let finance: SignedClient;
let records: PlatformAuthRecord[];

beforeAll(async () => {
  // 40 days ending 2026-03-15: February complete (final), March open.
  emu = await startEmulator({ seed: 21, days: 40, daily: 1500, now: clock.now });
  finance = new SignedClient(emu.url, emu.key('finance'), clock.now);
  records = await new SignedClient(emu.url, emu.key('auditor'), clock.now).all<PlatformAuthRecord>('/v1/auth-records', 'afterSeq', 'nextSeq', 5000);
});
afterAll(() => emu.close());

describe('usage statement', () => {
  it('agrees with the records exactly, line by line, without --drift', async () => {
    for (const month of ['2026-02', '2026-03']) {
      const st = usageStatementSchema.parse((await finance.get('/v1/usage/daily', { month })).json);
      expect(st.month).toBe(month);
      const expected = linesFromRecords(records, month);
      expect(st.items.length).toBe(expected.size);
      for (const l of st.items) expect({ calls: l.calls, successes: l.successes, billable: l.billable, appId: l.appId }).toEqual(expected.get(keyOf(l)));
      // Sorted by date, app, capability, operator; no duplicates.
      expect(new Set(st.items.map(keyOf)).size).toBe(st.items.length);
    }
  });

  it('is final with a fixed generatedAt for past months, open for the current one; 404 for the future', async () => {
    const feb = usageStatementSchema.parse((await finance.get('/v1/usage/daily', { month: '2026-02' })).json);
    expect(feb.generatedAt).toBe('2026-03-01T00:00:00.000+08:00');
    const mar = usageStatementSchema.parse((await finance.get('/v1/usage/daily', { month: '2026-03' })).json);
    expect(parseIsoInstant(mar.generatedAt)).toBe(TEST_NOW);
    const future = await finance.get('/v1/usage/daily', { month: '2026-04' });
    expect(future.status).toBe(404);
    expect(future.json).toMatchObject({ code: 'NOT_FOUND' });
    const before = usageStatementSchema.parse((await finance.get('/v1/usage/daily', { month: '2025-12' })).json);
    expect(before.items).toEqual([]);
    for (const month of ['2026-13', '2026-3', 'x'])
      expect((await finance.get('/v1/usage/daily', { month })).json).toMatchObject({ code: 'BAD_REQUEST', fields: { month: expect.any(String) } });
    expect((await finance.get('/v1/usage/daily')).status).toBe(400);
  });
});

describe('bills and packages (platform-api §3)', () => {
  it('covers the first 500 billable calls with the trial package, then prices the ladder progressively', async () => {
    const billableIn = (month: string) => [...linesFromRecords(records, month).values()].reduce((s, l) => s + l.billable, 0);
    const feb = billSchema.parse((await finance.get('/v1/bills', { month: '2026-02' })).json);
    const febBillable = billableIn('2026-02');
    expect(febBillable).toBeGreaterThan(10_000);
    expect(feb).toMatchObject({ month: '2026-02', status: 'final', billable: febBillable, packageCovered: 500, charged: febBillable - 500 });
    expect(feb.amount).toBe(ladderAmount(febBillable - 500).text);
    expect(feb.tiers.map((t) => [t.from, t.to, t.unitPrice])).toEqual([
      [0, 10000, '0.026'],
      [10000, 50000, '0.024'],
      [50000, 250000, '0.021'],
      [250000, null, '0.018'],
    ]);
    expect(feb.tiers.reduce((s, t) => s + t.count, 0)).toBe(feb.charged);
    expect(feb.tiers[0]).toMatchObject({ count: 10_000, amount: '260.000' });

    const mar = billSchema.parse((await finance.get('/v1/bills', { month: '2026-03' })).json);
    const marBillable = billableIn('2026-03');
    // The ladder restarts each month; the trial is used up.
    expect(mar).toMatchObject({ status: 'open', billable: marBillable, packageCovered: 0, charged: marBillable, amount: ladderAmount(marBillable).text });
    expect(parseIsoInstant(mar.generatedAt)).toBe(TEST_NOW);
    expect((await finance.get('/v1/bills', { month: '2026-04' })).status).toBe(404);
    expect(billSchema.parse((await finance.get('/v1/bills', { month: '2025-11' })).json)).toMatchObject({
      status: 'final',
      billable: 0,
      charged: 0,
      amount: '0.00',
    });
  });

  it('reports the trial package and the commercial subscription', async () => {
    const p = packagesSchema.parse((await finance.get('/v1/packages')).json);
    expect(p.subscribed).toBe(true);
    expect(p.items).toHaveLength(1);
    expect(p.items[0]).toMatchObject({
      kind: 'trial',
      quota: 500,
      used: 500,
      status: 'exhausted',
      validFrom: `${emu.history.start}T00:00:00.000+08:00`,
      validTo: '2026-05-04T00:00:00.000+08:00',
    });
    expect(pricingSchema.parse((await finance.get('/v1/pricing')).json).tiers).toHaveLength(4);
  });

  it('gives an unused trial package back as active, and as expired after three months', async () => {
    const c = testClock();
    const quiet = await startEmulator({ seed: 21, days: 3, daily: 40, now: c.now });
    try {
      const f = new SignedClient(quiet.url, quiet.key('finance'), c.now);
      const p = packagesSchema.parse((await f.get('/v1/packages')).json);
      expect(p.items[0]!.status).toBe('active');
      expect(p.items[0]!.used).toBeLessThan(500);
      const bill = billSchema.parse((await f.get('/v1/bills', { month: '2026-03' })).json);
      expect(bill).toMatchObject({ packageCovered: bill.billable, charged: 0, amount: '0.00' });
      c.set(Date.parse('2026-06-20T00:00:00Z'));
      expect(packagesSchema.parse((await f.get('/v1/packages')).json).items[0]!.status).toBe('expired');
    } finally {
      await quiet.close();
    }
  });
});

describe('--drift', () => {
  it('makes exactly N statement lines disagree with the records, chosen by the seed', async () => {
    const c = testClock();
    const drifted = await startEmulator({ seed: 21, days: 40, daily: 1500, drift: 7, now: c.now });
    try {
      const f = new SignedClient(drifted.url, drifted.key('finance'), c.now);
      const wrong = new Set<Key>();
      let statementBillable = 0;
      for (const month of ['2026-02', '2026-03']) {
        const st = usageStatementSchema.parse((await f.get('/v1/usage/daily', { month })).json);
        const truth = linesFromRecords(records, month);
        const seen = new Set<Key>();
        for (const l of st.items as PlatformUsageLine[]) {
          seen.add(keyOf(l));
          statementBillable += l.billable;
          const t = truth.get(keyOf(l));
          if (!t || t.calls !== l.calls || t.successes !== l.successes || t.billable !== l.billable) wrong.add(keyOf(l));
        }
        for (const k of truth.keys()) if (!seen.has(k)) wrong.add(k);
        if (month === '2026-02') {
          const bill = billSchema.parse((await f.get('/v1/bills', { month })).json);
          // The platform bills from its own statement, drift included.
          expect(bill.billable).toBe(st.items.reduce((s, l) => s + l.billable, 0));
        }
      }
      expect(wrong.size).toBe(7);
      const report = drifted.drift();
      expect(new Set(report.map(keyOf))).toEqual(wrong);
      for (const d of report) expect(d.statement).not.toEqual(d.records);
      // The same seed drifts the same lines; the feed itself is untouched.
      const again = await startEmulator({ seed: 21, days: 40, daily: 1500, drift: 7, now: c.now });
      expect(again.drift()).toEqual(report);
      await again.close();
      expect(drifted.head()).toBe(emu.head());
      expect(statementBillable).toBeGreaterThan(0);
    } finally {
      await drifted.close();
    }
  });
});
