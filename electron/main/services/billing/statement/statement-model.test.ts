import { describe, expect, it } from 'vitest';
import type { MonthBillOutput, ReconcileOutput } from '../../../../../shared/contract/billing';
import { createTestContext } from '../../testing/context';
import { billingRepo } from '../billing-repo';
import { monthBill } from '../month-bill';
import { reconcile } from '../reconcile';
import { insertRecords, putPackages } from '../testing/fixtures';
import { documentId, groupDecimal, statementDate, statementModel, type Block, type StatementInput } from './statement-model';

function input(setup?: (t: ReturnType<typeof createTestContext>) => void): StatementInput {
  const t = createTestContext();
  try {
    setup?.(t);
    const db = t.workspace.db;
    return {
      bill: monthBill(db, '2026-11', t.clock.now()),
      reconciliation: reconcile(db, '2026-11'),
      packages: billingRepo(db).packages(),
      workspace: { name: 'W', kind: 'demo' },
      locale: 'zh-CN',
    };
  } finally {
    t.cleanup();
  }
}

const kinds = (blocks: Block[]): string[] => blocks.map((b) => (b.kind === 'table' ? `table:${b.title}` : b.kind));

describe('statement model', () => {
  it('groups decimal strings without floats', () => {
    expect(groupDecimal('1234567.890')).toBe('1,234,567.890');
    expect(groupDecimal('-1000.5')).toBe('-1,000.5');
    expect(groupDecimal('12')).toBe('12');
  });

  it('names the provider: the demo, or the platform host of a saved workspace', () => {
    const provider = (m: ReturnType<typeof statementModel>): string | undefined => {
      const pairs = m.blocks.find((b) => b.kind === 'pairs');
      return pairs && pairs.kind === 'pairs' ? pairs.pairs.find(([k]) => k === '服务商')?.[1] : undefined;
    };
    expect(provider(statementModel(input()))).toBe('演示平台（内置模拟器）');
    expect(provider(statementModel({ ...input(), workspace: { name: 'P', kind: 'remote', endpoint: 'https://api.example.com:8443/v1' } }))).toBe(
      '号码认证平台 (api.example.com:8443)',
    );
  });

  it('says there is no basis instead of printing a ¥0 bill', () => {
    const m = statementModel(input());
    expect(kinds(m.blocks)).not.toContain('payable');
    expect(m.blocks.some((b) => b.kind === 'note' && b.text.includes('没有可用的计费依据'))).toBe(true);
  });

  it('prints the tiers, the packages by the one validity definition and the total in words', () => {
    const m = statementModel(
      input((t) => {
        insertRecords(t.workspace.db, { at: '2026-11-02T02:00:00Z', count: 30 });
        putPackages(t.workspace.db, {
          subscribed: true,
          items: [
            {
              packageId: 'trial-1',
              kind: 'trial',
              quota: 10,
              used: 10,
              validFrom: '2026-09-06T00:00:00+08:00',
              validTo: '2026-12-06T00:00:00+08:00',
              status: 'exhausted',
            },
          ],
        });
      }),
    );
    const noPackages = statementModel(input((t) => insertRecords(t.workspace.db, { at: '2026-11-02T02:00:00Z', count: 30 })));
    expect(noPackages.blocks.find((b) => b.kind === 'payable')).toMatchObject({ amount: '¥0.78', words: '柒角捌分' }); // 30 × 0.026
    const packages = m.blocks.find((b) => b.kind === 'table' && b.title === '资源包抵扣');
    expect(packages && packages.kind === 'table' && packages.rows).toEqual([['trial-1', '试用包', '2026-09-06 至 2026-12-05', '10']]);
    const payable = m.blocks.find((b) => b.kind === 'payable');
    expect(payable).toMatchObject({ amount: '¥0.52', words: '伍角贰分' }); // (30 − 10) × 0.026
    const tiers = m.blocks.find((b) => b.kind === 'table' && b.title === '阶梯明细');
    expect(tiers && tiers.kind === 'table' && tiers.rows[0]).toEqual(['1', '第 1 – 10,000 次', '0.026', '20', '0.520']);
  });

  it('has an id that follows its content, and a date that follows its data', () => {
    const a = statementModel(input((t) => insertRecords(t.workspace.db, { at: '2026-11-02T02:00:00Z', count: 3 })));
    const b = statementModel(input((t) => insertRecords(t.workspace.db, { at: '2026-11-02T02:00:00Z', count: 3 })));
    const c = statementModel(input((t) => insertRecords(t.workspace.db, { at: '2026-11-02T02:00:00Z', count: 4 })));
    expect(documentId(a)).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(documentId(a)).toBe(documentId(b));
    expect(documentId(a)).not.toBe(documentId(c));
    const bill = { dataAsOf: 5, month: '2026-11' } as MonthBillOutput;
    expect(statementDate(bill, { statementFetchedAt: 9, billFetchedAt: null } as ReconcileOutput)).toBe(9);
    expect(statementDate({ ...bill, dataAsOf: null }, { statementFetchedAt: null, billFetchedAt: null } as ReconcileOutput)).toBe(
      Date.parse('2026-10-31T16:00:00Z'),
    );
  });
});
