import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../../shared/contract';
import { dispatch, type Handlers } from '../core/dispatch';
import { createTestContext, type TestContext } from '../testing/context';
import { billingHandlers } from './handlers';
import { callBilling } from './testing/call';
import { insertRecords, putPackages, putPricing } from './testing/fixtures';

const handlers = billingHandlers as unknown as Handlers;
let t: TestContext;
afterEach(() => t?.cleanup());

async function month(m: string): Promise<CallOutput<'billing.month'>> {
  return await callBilling(t.ctx, 'billing.month', { month: m });
}

describe('billing.month', () => {
  it('bills only billable records, in their Asia/Shanghai month', async () => {
    t = createTestContext({ now: Date.parse('2026-12-10T04:00:00Z') });
    const db = t.workspace.db;
    insertRecords(
      db,
      { at: '2026-11-03T02:00:00Z', count: 6, operator: 'CMCC' }, // login success: billable
      { at: '2026-11-03T02:00:00Z', count: 4, success: false, operator: 'CMCC' }, // login failure: not billable
      { at: '2026-11-04T02:00:00Z', count: 3, capability: 'verify', outcome: 'match', operator: 'CUCC' },
      { at: '2026-11-04T02:00:00Z', count: 2, capability: 'verify', outcome: 'mismatch', operator: 'CUCC' },
      { at: '2026-11-04T02:00:00Z', count: 5, capability: 'verify', outcome: 'unknown', operator: 'CUCC' }, // cannot determine: not billable
      { at: '2026-10-31T16:30:00Z', count: 1, id: 'app-2', operator: 'CTCC' }, // 00:30 on 1 November in Shanghai
      { at: '2026-10-31T15:59:59Z', count: 7, id: 'app-2', operator: 'CTCC' }, // still October
    );
    const nov = await month('2026-11');
    expect(nov).toMatchObject({ month: '2026-11', status: 'closed', calls: 12, packageCovered: 0, charged: 12, amount: '0.31', forecast: null });
    expect(nov.billableByCapability).toEqual({ login: 7, verify: 5 });
    expect(nov.tiers[0]).toEqual({ from: 0, to: 10_000, unitPrice: '0.026', count: 12, amount: '0.312' });
    expect(nov.days.find((d) => d.date === '2026-11-01')?.billable).toBe(1);
    expect(nov.allocation.apps.map((a) => [a.id, a.billable, a.amount])).toEqual([
      ['app-1', 11, '0.28'],
      ['app-2', 1, '0.03'],
    ]);
    expect(
      nov.allocation.operators
        .map((o) => o.amount)
        .reduce((s, a) => s + Number(a), 0)
        .toFixed(2),
    ).toBe('0.31');
    expect(nov.ladder.source).toBe('default');

    const oct = await month('2026-10');
    expect(oct.calls).toBe(7);
    expect((await month('2027-01')).status).toBe('future');
  });

  it('says there is no basis for a workspace with neither records nor a statement (not a ¥0 bill)', async () => {
    t = createTestContext();
    const b = await month('2026-11');
    expect(b).toMatchObject({ basis: 'none', calls: 0, charged: 0, amount: '0.00', status: 'open', dataAsOf: null, forecast: null });
    expect(b.tiers).toHaveLength(4);
  });

  it('forecasts the open month and uses packages and the platform pricing', async () => {
    // 15 November 12:00 Shanghai: 14.5 days elapsed.
    t = createTestContext({ now: Date.parse('2026-11-15T04:00:00Z') });
    const db = t.workspace.db;
    putPricing(db, {
      currency: 'CNY',
      tiers: [
        { from: 0, to: 100, unitPrice: '0.030' },
        { from: 100, to: null, unitPrice: '0.020' },
      ],
    });
    putPackages(db, {
      subscribed: true,
      items: [
        {
          packageId: 'trial-1',
          kind: 'trial',
          quota: 50,
          used: 50,
          validFrom: '2026-10-01T00:00:00+08:00',
          validTo: '2027-01-01T00:00:00+08:00',
          status: 'exhausted',
        },
      ],
    });
    insertRecords(db, { at: '2026-10-20T02:00:00Z', count: 20 }, { at: '2026-11-02T02:00:00Z', count: 145 });
    const b = await month('2026-11');
    expect(b.ladder).toEqual({
      source: 'platform',
      tiers: [
        { from: 0, to: 100, unitPrice: '0.030' },
        { from: 100, to: null, unitPrice: '0.020' },
      ],
    });
    // The trial's 50 were 20 used in October, 30 left for November.
    expect(b).toMatchObject({ calls: 145, packageCovered: 30, charged: 115, amount: '3.30' }); // 100 × 0.03 + 15 × 0.02
    expect(b.packageCoverage).toEqual([{ packageId: 'trial-1', covered: 30 }]);
    expect(b.position).toEqual({ tierIndex: 1, toNext: null });
    expect(b.forecast).not.toBeNull();
    expect(b.forecast!.dailyRate).toBeCloseTo(10, 6); // 145 / 14.5 days
    expect(b.forecast!.projectedCalls).toBe(300);
    expect(b.forecast!.projectedCharged).toBe(270);
    expect(b.forecast!.projectedAmount).toBe('6.40'); // 3.00 + 170 × 0.02
    expect(b.forecast!.nextTier).toBeNull();
  });

  it('ignores a stored pricing that is not a proper ladder', async () => {
    t = createTestContext();
    putPricing(t.workspace.db, { currency: 'CNY', tiers: [{ from: 0, to: 100, unitPrice: '0.030' }] });
    expect((await month('2026-11')).ladder.source).toBe('default');
  });

  it('refuses a malformed month', async () => {
    t = createTestContext();
    await expect(dispatch(handlers, t.ctx, 'billing.month', { month: '2026-13' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(dispatch(handlers, t.ctx, 'billing.month', { month: '2026-11', extra: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('answers what-if quotes under the workspace ladder', async () => {
    t = createTestContext();
    const q = await callBilling(t.ctx, 'billing.quote', { calls: 20_000 });
    expect(q.progressive.amount).toBe('500.00');
    expect(q.allUnits).toEqual({ charged: 20_000, tierIndex: 1, unitPrice: '0.024', amount: '480.00' });
    expect(q.difference).toBe('-20.00');
    await expect(dispatch(handlers, t.ctx, 'billing.quote', { calls: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
