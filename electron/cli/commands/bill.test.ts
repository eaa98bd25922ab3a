import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMonthBill } from '../../../shared/billing';
import type { MonthBillOutput, ReconcileOutput } from '../../../shared/contract/billing';
import { openTestWorkspaceDb } from '../../main/services/testing/context';
import { insertRecords, putBill, putStatement, statementFromRollups } from '../../main/services/billing/testing/fixtures';
import { onetap } from '../testing/run-in-process';

let dir: string;
let dbFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-bill-'));
  dbFile = join(dir, 'workspace.db');
  const db = openTestWorkspaceDb(dbFile);
  insertRecords(
    db,
    { at: '2025-03-02T02:00:00Z', count: 120, operator: 'CMCC', id: 'app-1' },
    { at: '2025-03-03T02:00:00Z', count: 80, operator: 'CUCC', id: 'app-2', capability: 'verify', outcome: 'mismatch' },
    { at: '2025-03-03T02:00:00Z', count: 9, operator: 'CUCC', id: 'app-2', capability: 'verify', outcome: 'unknown' },
    { at: '2025-04-03T02:00:00Z', count: 10, operator: 'CTCC', id: 'app-1' },
  );
  // March matches the platform exactly; April's statement has one drifted line.
  for (const month of ['2025-03', '2025-04']) {
    const st = statementFromRollups(db, month);
    const items = month === '2025-04' ? st.items.map((l) => ({ ...l, calls: l.calls + 2, successes: l.successes + 2, billable: l.billable + 2 })) : st.items;
    putStatement(db, { ...st, items });
    const b = computeMonthBill({ month, lines: items });
    putBill(db, {
      month,
      status: 'final',
      billable: b.calls,
      packageCovered: 0,
      charged: b.charged,
      tiers: b.tiers,
      amount: b.amount,
      generatedAt: st.generatedAt,
    });
  }
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onetap bill quote', () => {
  it("prints the seed's example as decimal strings", async () => {
    const r = await onetap('bill', 'quote', '--calls', '20000', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      calls: 20000,
      packageCovered: 0,
      charged: 20000,
      tiers: [
        { from: 0, to: 10000, unitPrice: '0.026', count: 10000, amount: '260.000' },
        { from: 10000, to: 50000, unitPrice: '0.024', count: 10000, amount: '240.000' },
        { from: 50000, to: 250000, unitPrice: '0.021', count: 0, amount: '0.000' },
        { from: 250000, to: null, unitPrice: '0.018', count: 0, amount: '0.000' },
      ],
      amount: '500.00',
      model: 'progressive',
      book: 'onetap',
    });
  });

  it('prices with --book aliyun-dypns under the all-units model', async () => {
    const r = await onetap('bill', 'quote', '--calls', '100001', '--book', 'aliyun-dypns', '--package-remaining', '1', '--json');
    expect(r.code).toBe(0);
    const q = JSON.parse(r.stdout) as { model: string; book: string; charged: number; amount: string; tiers: { count: number }[] };
    // 100,000 charged calls land in the first tier: all at 0.040.
    expect(q).toMatchObject({ model: 'all-units', book: 'aliyun-dypns', charged: 100_000, amount: '4000.00' });
    expect(q.tiers.map((t) => t.count)).toEqual([100_000, 0, 0, 0]);
    expect((await onetap('bill', 'quote', '--calls', '5', '--book', 'nope', '--data-dir', join(dir, 'console'))).code).toBe(2);
  });

  it('applies --package-remaining first and prints a table without --json', async () => {
    const r = await onetap('bill', 'quote', '--calls', '10500', '--package-remaining', '500');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('package covered 500, charged 10,000');
    expect(r.stdout).toMatch(/Amount 260\.00\n$/);
  });

  it('refuses bad flags with exit 2', async () => {
    expect((await onetap('bill', 'quote', '--calls', '-5')).code).toBe(2);
    expect((await onetap('bill', 'quote', '--calls', '1.5')).code).toBe(2);
    expect((await onetap('bill', 'quote')).code).toBe(2);
  });
});

describe('onetap bill month', () => {
  it('prints the bill with capability totals and allocation from the database', async () => {
    const r = await onetap('bill', 'month', '2025-03', '--db', dbFile, '--json');
    expect(r.code).toBe(0);
    const b = JSON.parse(r.stdout) as MonthBillOutput;
    expect(b).toMatchObject({
      month: '2025-03',
      status: 'closed',
      calls: 200,
      charged: 200,
      amount: '5.20',
      billableByCapability: { login: 120, verify: 80 },
      forecast: null,
    });
    expect(b.allocation.apps.map((a) => [a.id, a.billable, a.amount])).toEqual([
      ['app-1', 120, '3.12'],
      ['app-2', 80, '2.08'],
    ]);
    expect(b.allocation.operators.map((o) => [o.operator, o.amount])).toEqual([
      ['CMCC', '3.12'],
      ['CUCC', '2.08'],
      ['CTCC', '0.00'],
    ]);
  });

  it('prints a valid zero bill for a month without data, and refuses a bad month or file', async () => {
    const r = await onetap('bill', 'month', '2024-02', '--db', dbFile, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ month: '2024-02', calls: 0, amount: '0.00', allocation: { apps: [] } });
    const text = await onetap('bill', 'month', '2025-03', '--db', dbFile);
    expect(text.stdout).toMatch(/^Bill 2025-03 \(closed, built-in pricing\)/);
    expect(text.stdout).toContain('Amount 5.20');
    expect((await onetap('bill', 'month', '2025-3', '--db', dbFile)).code).toBe(2);
    expect((await onetap('bill', 'month', '2025-03', '--db', join(dir, 'missing.db'))).code).toBe(2);
    expect((await onetap('bill', 'month', '2025-03')).code).toBe(2);
  });
});

describe('onetap reconcile', () => {
  it('reports a matched month', async () => {
    const r = await onetap('reconcile', '2025-03', '--db', dbFile, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ month: '2025-03', status: 'matched', differences: [], amountLocal: '5.20', amountPlatform: '5.20' });
  });

  it('lists the differences of a mismatched month and exits 0, or 1 with --fail-on-mismatch', async () => {
    const r = await onetap('reconcile', '2025-04', '--db', dbFile, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ReconcileOutput;
    expect(out.status).toBe('mismatched');
    expect(out.differences).toEqual([
      expect.objectContaining({
        date: '2025-04-03',
        appId: '30001',
        capability: 'login',
        operator: 'CTCC',
        local: 10,
        platform: 12,
        delta: 2,
        amount: '0.052',
      }),
    ]);
    expect(out).toMatchObject({ amountLocal: '0.26', amountPlatform: '0.31' });
    const strict = await onetap('reconcile', '2025-04', '--db', dbFile, '--fail-on-mismatch');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^Reconciliation 2025-04: MISMATCHED/);
    expect((await onetap('reconcile', '2025-03', '--db', dbFile, '--fail-on-mismatch')).code).toBe(0);
  });
});

describe('onetap bill statement / bill export', () => {
  it('writes the statement PDF of a workspace file and says where', async () => {
    const out = join(dir, 'statement-2025-04.pdf');
    const r = await onetap('bill', 'statement', '2025-04', '--db', dbFile, '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ month: '2025-04', files: [out] });
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('exports the bill as XLSX, or as one CSV per table beside --out', async () => {
    const xlsx = join(dir, 'bill-2025-03.xlsx');
    expect((await onetap('bill', 'export', '2025-03', '--db', dbFile, '--format', 'xlsx', '--out', xlsx)).stdout.trim()).toBe(xlsx);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const r = await onetap('bill', 'export', '2025-03', '--db', dbFile, '--format', 'csv', '--out', join(dir, 'bill.csv'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: string[] }).files;
    expect(files).toEqual(['summary', 'tiers', 'packages', 'apps', 'operators', 'days'].map((k) => join(dir, `bill-${k}.csv`)));
    expect(files.every((f) => existsSync(f))).toBe(true);
  });

  it('refuses bad flags with exit 2 and writes nothing', async () => {
    const out = join(dir, 'never.pdf');
    expect((await onetap('bill', 'statement', '2025-13', '--db', dbFile, '--out', out)).code).toBe(2);
    expect((await onetap('bill', 'statement', '2025-04', '--db', dbFile, '--locale', 'fr-FR', '--out', out)).code).toBe(2);
    expect((await onetap('bill', 'export', '2025-04', '--db', dbFile, '--format', 'pdf', '--out', out)).code).toBe(2);
    expect((await onetap('bill', 'statement', '2025-04', '--db', dbFile, '--workspace', 'demo', '--out', out)).code).toBe(2);
    expect((await onetap('bill', 'statement', '2025-04', '--db', join(dir, 'missing.db'), '--out', out)).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('finds a saved workspace by name with --workspace, and names an unknown one', async () => {
    const dataDir = join(dir, 'console');
    const out = join(dir, 'demo.pdf');
    const r = await onetap('bill', 'statement', '2025-04', '--workspace', '演示 Demo', '--data-dir', dataDir, '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await onetap('bill', 'statement', '2025-04', '--workspace', 'nope', '--data-dir', dataDir, '--out', out, '--json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOT_FOUND');
  }, 60_000);
});
