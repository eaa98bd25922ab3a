import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/context';
import { callBilling } from './testing/call';
import { insertRecords, putPackages } from './testing/fixtures';

let t: TestContext;
afterEach(() => t?.cleanup());

const packages = async (input: Record<string, unknown> = {}) => await callBilling(t.ctx, 'billing.packages', input);

describe('billing.packages', () => {
  it('is empty before sync', async () => {
    t = createTestContext();
    expect(await packages()).toEqual({ subscribed: null, fetchedAt: null, items: [], refusals: [], month: '2026-11' });
  });

  it('shows quota, use on both sides, expiry, warnings and refusals', async () => {
    // 15 November 2026, 12:00 Shanghai.
    t = createTestContext({ now: Date.parse('2026-11-15T04:00:00Z') });
    const db = t.workspace.db;
    putPackages(
      db,
      {
        subscribed: false,
        items: [
          // Expires in 5 days, 400 of 500 used by the platform's count.
          {
            packageId: 'trial-1',
            kind: 'trial',
            quota: 500,
            used: 400,
            validFrom: '2026-08-20T00:00:00+08:00',
            validTo: '2026-11-20T00:00:00+08:00',
            status: 'active',
          },
          {
            packageId: 'pack-2',
            kind: 'commercial',
            quota: 1_000,
            used: 0,
            validFrom: '2026-11-01T00:00:00+08:00',
            validTo: '2027-11-01T00:00:00+08:00',
            status: 'active',
          },
          {
            packageId: 'old',
            kind: 'trial',
            quota: 500,
            used: 10,
            validFrom: '2026-01-01T00:00:00+08:00',
            validTo: '2026-04-01T00:00:00+08:00',
            status: 'expired',
          },
        ],
      },
      123,
    );
    insertRecords(
      db,
      { at: '2026-10-10T02:00:00Z', count: 450 }, // trial-1 (expires first) covers all 450
      { at: '2026-11-02T02:00:00Z', count: 80 }, // trial-1: 50, then pack-2: 30
      { at: '2026-11-03T02:00:00Z', count: 3, success: false, resultCode: '10303' },
      { at: '2026-11-03T02:00:00Z', count: 2, success: false, resultCode: '10302' },
      { at: '2026-10-03T02:00:00Z', count: 9, success: false, resultCode: '10304' }, // another month
    );
    const p = await packages();
    expect(p.subscribed).toBe(false);
    expect(p.fetchedAt).toBe(123);
    expect(p.items.map((i) => [i.packageId, i.used, i.usedLocal, i.remaining, i.warnings, i.daysToExpiry])).toEqual([
      ['old', 10, 0, 490, ['expired'], -228],
      ['trial-1', 400, 500, 0, ['used100'], 5],
      ['pack-2', 0, 30, 970, [], 351],
    ]);
    expect(p.refusals).toEqual([
      { code: '10302', reason: 'unsubscribed', count: 2 },
      { code: '10303', reason: 'exhausted', count: 3 },
    ]);
    expect((await packages({ month: '2026-10' })).refusals).toEqual([{ code: '10304', reason: 'expired', count: 9 }]);
  });
});
