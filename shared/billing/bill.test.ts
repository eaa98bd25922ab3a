import { describe, expect, it } from 'vitest';
import { isBillable } from '../platform/domain';
import { shanghaiDate, shanghaiMonth } from '../time/shanghai';
import { computeMonthBill, type BillableLine } from './bill';
import { capabilities, operators } from '../platform/domain';
import { prng } from './testing/prng';

describe('monthly bill', () => {
  const lines: BillableLine[] = [
    { date: '2026-11-01', id: 'a1', operator: 'CMCC', capability: 'login', billable: 8_000 },
    { date: '2026-11-01', id: 'a1', operator: 'CUCC', capability: 'verify', billable: 2_000 },
    { date: '2026-11-20', id: 'a2', operator: 'CTCC', capability: 'login', billable: 6_000 },
    { date: '2026-11-30', id: 'a2', operator: 'CMCC', capability: 'verify', billable: 4_000 },
    { date: '2026-11-30', id: 'a3', operator: 'CMCC', capability: 'login', billable: 0 },
  ];
  const apps = new Map([
    ['a1', { appId: '300011', name: '商城' }],
    ['a2', { appId: '300012', name: 'Bank' }],
  ]);

  it('counts, prices and allocates a month', () => {
    const bill = computeMonthBill({ month: '2026-11', lines, apps });
    expect(bill).toMatchObject({ month: '2026-11', calls: 20_000, packageCovered: 0, charged: 20_000, amount: '500.00', amountMills: 500_000 });
    expect(bill.billableByCapability).toEqual({ login: 14_000, verify: 6_000 });
    expect(bill.position).toEqual({ tierIndex: 1, toNext: 30_000 });
    expect(bill.days).toHaveLength(30);
    expect(bill.days[0]).toEqual({ date: '2026-11-01', billable: 10_000, covered: 0, charged: 10_000 });
    // 500.00 by 10,000 / 10,000 / 0 billable calls.
    expect(bill.allocation.apps).toEqual([
      { id: 'a1', appId: '300011', name: '商城', billable: 10_000, amount: '250.00', amountMills: 250_000 },
      { id: 'a2', appId: '300012', name: 'Bank', billable: 10_000, amount: '250.00', amountMills: 250_000 },
      { id: 'a3', appId: null, name: null, billable: 0, amount: '0.00', amountMills: 0 },
    ]);
    // CMCC 12,000 / CUCC 2,000 / CTCC 6,000 of 20,000 → 300.00 / 50.00 / 150.00
    expect(bill.allocation.operators.map((o) => [o.operator, o.billable, o.amount])).toEqual([
      ['CMCC', 12_000, '300.00'],
      ['CUCC', 2_000, '50.00'],
      ['CTCC', 6_000, '150.00'],
    ]);
  });

  it('prints a valid zero bill for a month without data', () => {
    const bill = computeMonthBill({ month: '2027-02', lines: [] });
    expect(bill).toMatchObject({ calls: 0, charged: 0, amount: '0.00', billableByCapability: { login: 0, verify: 0 } });
    expect(bill.tiers.every((t) => t.count === 0 && t.amount === '0.000')).toBe(true);
    expect(bill.days).toHaveLength(28);
    expect(bill.allocation.apps).toEqual([]);
    expect(bill.allocation.operators.map((o) => o.amount)).toEqual(['0.00', '0.00', '0.00']);
  });

  it('refuses lines outside the month and bad counts', () => {
    expect(() => computeMonthBill({ month: '2026-11', lines: [{ ...lines[0]!, date: '2026-10-31' }] })).toThrow(/not in 2026-11/);
    expect(() => computeMonthBill({ month: '2026-11', lines: [{ ...lines[0]!, billable: -1 }] })).toThrow(/bad billable/);
    expect(() => computeMonthBill({ month: '2026-13', lines: [] })).toThrow(/not a month/);
  });

  it('belongs a call to the Asia/Shanghai month: 2026-10-31T16:30Z is November', () => {
    const at = Date.parse('2026-10-31T16:30:00Z');
    expect(shanghaiDate(at)).toBe('2026-11-01');
    expect(shanghaiMonth(at)).toBe('2026-11');
    expect(shanghaiMonth(Date.parse('2026-10-31T15:59:59.999Z'))).toBe('2026-10');
    expect(shanghaiMonth(Date.parse('2026-11-30T16:00:00Z'))).toBe('2026-12');
  });

  it('bills login on success and verify on match or mismatch only', () => {
    expect(isBillable('login', true, null)).toBe(true);
    expect(isBillable('login', false, null)).toBe(false);
    expect(isBillable('verify', true, 'match')).toBe(true);
    expect(isBillable('verify', true, 'mismatch')).toBe(true);
    expect(isBillable('verify', true, 'unknown')).toBe(false);
    expect(isBillable('verify', false, null)).toBe(false);
  });

  it('property: tiers sum to charged, allocations sum to the total, for any month', () => {
    const r = prng(99);
    for (let n = 0; n < 60; n++) {
      const month = r.pick(['2026-02', '2026-11', '2028-02']);
      const ls: BillableLine[] = Array.from({ length: r.int(0, 80) }, () => ({
        date: `${month}-${String(r.int(1, 28)).padStart(2, '0')}`,
        id: `app${r.int(1, 9)}`,
        operator: r.pick(operators),
        capability: r.pick(capabilities),
        billable: r.pick([r.int(0, 50), r.int(0, 20_000), r.int(0, 200_000)]),
      }));
      const bill = computeMonthBill({
        month,
        lines: ls,
        packages: [{ packageId: 'p', quota: r.int(0, 5_000), validFrom: 0, validTo: Date.parse('2030-01-01') }],
      });
      const total = ls.reduce((s, l) => s + l.billable, 0);
      expect(bill.calls).toBe(total);
      expect(bill.packageCovered + bill.charged).toBe(total);
      expect(bill.tiers.reduce((s, t) => s + t.count, 0)).toBe(bill.charged);
      expect(bill.allocation.apps.reduce((s, a) => s + a.amountMills, 0)).toBe(bill.amountMills);
      expect(bill.allocation.operators.reduce((s, a) => s + a.amountMills, 0)).toBe(bill.amountMills);
      expect(bill.allocation.apps.reduce((s, a) => s + a.billable, 0)).toBe(total);
      expect(bill.billableByCapability.login + bill.billableByCapability.verify).toBe(total);
      expect(bill.days.reduce((s, d) => s + d.charged, 0)).toBe(bill.charged);
    }
  });
});
