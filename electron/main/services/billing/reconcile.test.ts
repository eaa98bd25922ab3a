import { afterEach, describe, expect, it } from 'vitest';
import { computeMonthBill } from '../../../../shared/billing';
import type { PlatformBill, PlatformUsageStatement } from '../../../../shared/platform/schemas';
import { createTestContext, type TestContext } from '../testing/context';
import { callBilling } from './testing/call';
import { insertRecords, putBill, putStatement, statementFromRollups } from './testing/fixtures';

let t: TestContext;
afterEach(() => t?.cleanup());

const reconcile = async (month: string) => await callBilling(t.ctx, 'billing.reconcile', { month });
const drill = async (input: Record<string, unknown>) => await callBilling(t.ctx, 'billing.reconcileRecords', input);

function billFor(st: PlatformUsageStatement, status: 'open' | 'final' = 'final'): PlatformBill {
  const b = computeMonthBill({ month: st.month, lines: st.items });
  return {
    month: st.month,
    status,
    billable: b.calls,
    packageCovered: b.packageCovered,
    charged: b.charged,
    tiers: b.tiers,
    amount: b.amount,
    generatedAt: st.generatedAt,
  };
}

function seed(): void {
  insertRecords(
    t.workspace.db,
    { at: '2026-10-02T02:00:00Z', count: 30, operator: 'CMCC' },
    { at: '2026-10-02T03:00:00Z', count: 5, operator: 'CMCC', success: false },
    { at: '2026-10-05T02:00:00Z', count: 12, capability: 'verify', operator: 'CUCC', id: 'app-2' },
    { at: '2026-10-31T16:30:00Z', count: 3, operator: 'CTCC' }, // November in Shanghai
  );
}

describe('billing.reconcile', () => {
  it('matches when the platform agrees line by line and on the bill', async () => {
    t = createTestContext();
    seed();
    const st = statementFromRollups(t.workspace.db, '2026-10');
    putStatement(t.workspace.db, st, 1_000);
    putBill(t.workspace.db, billFor(st), 2_000);
    const r = await reconcile('2026-10');
    expect(r).toMatchObject({
      status: 'matched',
      missing: [],
      differences: [],
      billDifferences: [],
      lineCount: 2,
      matchedLines: 2,
      amountLocal: '1.09', // 42 × 0.026 = 1.092
      amountPlatform: '1.09',
      deltaAmount: '0.00',
      billStatus: 'final',
      statementFetchedAt: 1_000,
      billFetchedAt: 2_000,
    });
  });

  it('says what is missing, and never calls such a month matched', async () => {
    t = createTestContext();
    seed();
    const r = await reconcile('2026-10');
    expect(r).toMatchObject({ status: 'mismatched', missing: ['statement', 'bill'], differences: [], amountPlatform: null });
    const empty = await reconcile('2026-09');
    expect(empty).toMatchObject({ status: 'mismatched', missing: ['statement', 'bill'], amountLocal: '0.00' });
  });

  it('lists exactly the drifted lines, and drills into the records behind one', async () => {
    t = createTestContext();
    seed();
    const st = statementFromRollups(t.workspace.db, '2026-10');
    const drifted = {
      ...st,
      items: st.items.map((l) => (l.id === 'app-2' ? { ...l, billable: l.billable + 4, successes: l.successes + 4, calls: l.calls + 4 } : l)),
    };
    putStatement(t.workspace.db, drifted);
    putBill(t.workspace.db, billFor(drifted));
    const r = await reconcile('2026-10');
    expect(r.status).toBe('mismatched');
    expect(r.differences).toEqual([
      {
        date: '2026-10-05',
        id: 'app-2',
        appId: '30002',
        appName: null,
        capability: 'verify',
        operator: 'CUCC',
        local: 12,
        platform: 16,
        delta: 4,
        localCalls: 12,
        platformCalls: 16,
        localSuccesses: 12,
        platformSuccesses: 16,
        presence: 'both',
        amount: '0.104',
      },
    ]);
    expect(r.billDifferences.map((d) => d.field)).toEqual(['billable', 'charged', 'amount', 'tiers.0.count', 'tiers.0.amount']);
    expect(r).toMatchObject({ amountLocal: '1.09', amountPlatform: '1.20', amountFromStatement: '1.20', deltaAmount: '0.11' });

    const d = r.differences[0]!;
    const first = await drill({ date: d.date, id: d.id, capability: d.capability, operator: d.operator, limit: 5 });
    expect(first.totals).toEqual({ calls: 12, successes: 12, billable: 12 });
    expect(first.items).toHaveLength(5);
    expect(first.items.every((i) => i.id === 'app-2' && i.capability === 'verify' && i.operator === 'CUCC' && i.maskedPhone === '138****0000')).toBe(true);
    const seen = new Set(first.items.map((i) => i.seq));
    let next = first.next;
    while (next) {
      const page = await drill({ date: d.date, id: d.id, capability: d.capability, operator: d.operator, limit: 5, after: next });
      for (const i of page.items) {
        expect(seen.has(i.seq)).toBe(false);
        seen.add(i.seq);
      }
      next = page.next;
    }
    expect(seen.size).toBe(12);
    // Newest first.
    const times = first.items.map((i) => i.requestTime);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('drills into billable or non-billable records only, and refuses a forged cursor', async () => {
    t = createTestContext();
    seed();
    const line = { date: '2026-10-02', id: 'app-1', capability: 'login', operator: 'CMCC' };
    expect((await drill({ ...line, billable: false })).items).toHaveLength(5);
    expect((await drill({ ...line, billable: true, limit: 500 })).items).toHaveLength(30);
    expect((await drill({ ...line, date: '2026-10-03' })).items).toEqual([]);
    await expect(drill({ ...line, after: 'bm90IGEgY3Vyc29y' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(drill({ ...line, date: '2026-02-30' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
