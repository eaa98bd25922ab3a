/**
 * Billing at scale: a month's bill (and its reconciliation) from rollups holding BENCH_BILL_RECORDS
 * auth records in the month (default 10,000,000), BENCH_BILL_APPS apps (default 100) × three
 * operators × both capabilities, every day — plus eleven earlier months, because package coverage
 * reads the whole life of the packages, two packages, the platform's pricing and a statement.
 *
 * Targets: the month's bill ≤ 50 ms (issue 5); ≤ 10 ms p95 with 400 apps (issue 13, the default
 * BENCH_BILL_APPS). Baselines measured in the same run on the same file:
 *  - floor: a bare read of the rows a bill now reads — the month's sums per app × operator ×
 *    capability (rollup_billable_monthly) and its day sums (rollup_billable_daily);
 *  - the old way, for comparison: the GROUP BY over the month's daily rollup rows that bills ran
 *    before workspace-0015, and a bare read of those rows.
 *
 * The statement (issue 14): the month's PDF statement — bill, reconciliation, packages, layout and
 * the embedded, subset CJK font — timed next to the month's bill calculation alone (ratio).
 *
 * Billing never reads raw records, only rollup_daily, so the file is generated at the rollup level
 * (the rows the ingest writer would have produced for that many records): a 10M-record month is
 * some 18,000 rollup rows, written in well under a second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilities, operators } from '../shared/platform/domain';
import { addMonths, datesOfMonth, startOfShanghaiDay } from '../shared/time/shanghai';
import { workspaceMigrations } from '../electron/main/services/db/migrations';
import { openDatabase, type Db } from '../electron/main/services/db/open';
import { monthBill } from '../electron/main/services/billing/month-bill';
import { recountRollupTotals } from '../electron/main/services/store/rollup-totals-repo';
import { reconcile } from '../electron/main/services/billing/reconcile';
import { statementPdfBytes } from '../electron/main/services/billing/export-month';
import { mulberry32 } from '../shared/random/mulberry32';

const MONTH = '2026-11';
const NOW = Date.parse('2026-11-20T04:00:00Z');
const RECORDS = Number(process.env.BENCH_BILL_RECORDS ?? 10_000_000);
const APPS = Number(process.env.BENCH_BILL_APPS ?? 400);
const RUNS = 30;

/** Splits `total` records over the month's day × app × operator × capability cells (Zipf-ish apps). */
function generateMonth(db: Db, month: string, total: number, r: () => number): void {
  const dates = datesOfMonth(month);
  const cells: { date: string; id: string; operator: string; capability: string; w: number }[] = [];
  for (const date of dates)
    for (let a = 0; a < APPS; a++)
      for (const operator of operators)
        for (const capability of capabilities) cells.push({ date, id: `app-${a}`, operator, capability, w: (1 / (a + 1)) * (0.5 + r()) });
  const wsum = cells.reduce((s, c) => s + c.w, 0);
  const ins = db.prepare('INSERT INTO rollup_daily (date, id, operator, capability, calls, successes, billable) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const line = db.prepare(
    `INSERT INTO usage_lines (month, date, id, app_id, capability, operator, calls, successes, billable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let left = total;
  db.transaction(() => {
    cells.forEach((c, i) => {
      const calls = i === cells.length - 1 ? left : Math.min(left, Math.round((total * c.w) / wsum));
      left -= calls;
      const successes = Math.round(calls * 0.88);
      const billable = c.capability === 'login' ? successes : Math.round(successes * 0.97);
      ins.run(c.date, c.id, c.operator, c.capability, calls, successes, billable);
      if (month === MONTH) {
        // The platform's statement: the same lines, with one in a thousand drifted by a few calls.
        const drift = i % 1000 === 7 ? 3 : 0;
        line.run(month, c.date, c.id, `3000${c.id.slice(4)}`, c.capability, c.operator, calls + drift, successes + drift, billable + drift);
      }
    });
    db.prepare('INSERT INTO usage_statements (month, generated_at, fetched_at, lines) VALUES (?, ?, ?, ?)').run(month, NOW, NOW, cells.length);
  })();
}

export function generate(db: Db): void {
  const r = mulberry32(5);
  for (let k = 11; k >= 1; k--) generateMonth(db, addMonths(MONTH, -k), Math.round(RECORDS * 0.6), r);
  generateMonth(db, MONTH, RECORDS, r);
  // Written as plain rows, not by the ingest writer: the day and month totals bills read are counted from them.
  db.transaction(() => recountRollupTotals(db))();
  const pkg = db.prepare('INSERT INTO packages (package_id, kind, quota, used, valid_from, valid_to, status, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  pkg.run('trial-1', 'trial', 500, 500, startOfShanghaiDay('2025-12-01'), startOfShanghaiDay('2026-03-01'), 'expired', NOW);
  pkg.run('pack-1', 'commercial', 30_000_000, 0, startOfShanghaiDay('2026-06-01'), startOfShanghaiDay('2027-06-01'), 'active', NOW);
  const pricing = {
    currency: 'CNY',
    tiers: [
      { from: 0, to: 10000, unitPrice: '0.026' },
      { from: 10000, to: 50000, unitPrice: '0.024' },
      { from: 50000, to: 250000, unitPrice: '0.021' },
      { from: 250000, to: null, unitPrice: '0.018' },
    ],
  };
  db.prepare(`INSERT INTO platform_meta (key, value, fetched_at) VALUES ('pricing', ?, ?)`).run(JSON.stringify(pricing), NOW);
}

function timeRuns(fn: () => unknown): { p50: number; p95: number } {
  fn(); // warm the page cache and statement compilation
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(RUNS * 0.5)]!, p95: ms[Math.min(RUNS - 1, Math.ceil(RUNS * 0.95) - 1)]! };
}

const STATEMENT_RUNS = 10;

async function timeAsync(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // the first one also loads the font files
  const ms: number[] = [];
  for (let i = 0; i < STATEMENT_RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(STATEMENT_RUNS * 0.5)]!, p95: ms[STATEMENT_RUNS - 1]! };
}

const f = (n: number): string => n.toFixed(2).padStart(8);

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onetap-bench-billing-'));
  const db = openDatabase(join(dir, 'workspace.db'), { migrations: workspaceMigrations });
  try {
    const t0 = performance.now();
    generate(db);
    const rows = db.prepare('SELECT count(*) FROM rollup_daily WHERE date LIKE ?').pluck().get(`${MONTH}-%`) as number;
    console.log(
      `generated ${RECORDS.toLocaleString('en-US')} records in ${MONTH} as ${rows.toLocaleString('en-US')} rollup rows (+ 11 earlier months) in ${(performance.now() - t0).toFixed(0)} ms`,
    );

    const floor = timeRuns(() => {
      db.prepare('SELECT id, operator, capability, billable FROM rollup_billable_monthly WHERE month = ?').raw().all(MONTH);
      db.prepare('SELECT date, billable FROM rollup_billable_daily WHERE date BETWEEN ? AND ?').raw().all(`${MONTH}-01`, `${MONTH}-30`);
    });
    const base = timeRuns(() =>
      db
        .prepare('SELECT date, id, operator, capability, calls, successes, billable FROM rollup_daily WHERE date BETWEEN ? AND ?')
        .all(`${MONTH}-01`, `${MONTH}-30`),
    );
    const grouped = timeRuns(() =>
      db
        .prepare(
          `SELECT date, id, SUM(billable), SUM(CASE WHEN operator = 'CMCC' THEN billable ELSE 0 END), SUM(CASE WHEN operator = 'CUCC' THEN billable ELSE 0 END),
             SUM(CASE WHEN operator = 'CTCC' THEN billable ELSE 0 END), SUM(CASE WHEN capability = 'login' THEN billable ELSE 0 END),
             SUM(CASE WHEN capability = 'verify' THEN billable ELSE 0 END) FROM rollup_daily WHERE date BETWEEN ? AND ? GROUP BY date, id`,
        )
        .raw()
        .all(`${MONTH}-01`, `${MONTH}-30`),
    );
    const summaryRows = db.prepare('SELECT COUNT(*) FROM rollup_billable_monthly WHERE month = ?').pluck().get(MONTH) as number;
    const bill = timeRuns(() => monthBill(db, MONTH, NOW));
    const recon = timeRuns(() => reconcile(db, MONTH));
    const workspace = { name: 'bench', kind: 'remote' as const };
    const statement = await timeAsync(() => statementPdfBytes(db, { month: MONTH, locale: 'zh-CN', workspace }, NOW));
    const pdf = await statementPdfBytes(db, { month: MONTH, locale: 'zh-CN', workspace }, NOW);
    const b = monthBill(db, MONTH, NOW);
    const r = reconcile(db, MONTH);
    console.log(
      `month bill: ${b.calls.toLocaleString('en-US')} billable, ${b.packageCovered.toLocaleString('en-US')} covered, amount ${b.amount}; forecast ${b.forecast?.projectedAmount}`,
    );
    console.log(`reconcile: ${r.status}, ${r.differences.length} differing lines of ${r.lineCount}`);
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (figures scale with it; the ratio to the baseline does not)`,
    );
    console.log(
      `${APPS} apps: a bill reads ${summaryRows.toLocaleString('en-US')} month-sum rows + the day sums (it grouped ${rows.toLocaleString('en-US')} daily rows before)`,
    );
    console.log('                               p50 ms   p95 ms   ratio(p95) to the floor');
    console.log(`floor (read the sum rows)    ${f(floor.p50)} ${f(floor.p95)}     1.00`);
    console.log(`old: read the daily rows     ${f(base.p50)} ${f(base.p95)} ${f(base.p95 / floor.p95)}`);
    console.log(`old: GROUP BY the daily rows ${f(grouped.p50)} ${f(grouped.p95)} ${f(grouped.p95 / floor.p95)}`);
    console.log(`month bill                   ${f(bill.p50)} ${f(bill.p95)} ${f(bill.p95 / floor.p95)}`);
    console.log(`reconcile                    ${f(recon.p50)} ${f(recon.p95)} ${f(recon.p95 / floor.p95)}`);
    console.log(`statement PDF                ${f(statement.p50)} ${f(statement.p95)} ${f(statement.p95 / floor.p95)}   ${(pdf.length / 1024).toFixed(0)} KiB`);
    console.log(`goal month bill ≤ 50 ms (issue 5): ${bill.p50 <= 50 ? 'met' : 'MISSED'} (p50 ${bill.p50.toFixed(2)} ms)`);
    console.log(
      `goal month bill ≤ 10 ms p95 at ${APPS} apps (issue 13): ${APPS >= 400 ? (bill.p95 <= 10 ? 'met' : 'MISSED') : 'not judged below 400 apps'} (p95 ${bill.p95.toFixed(2)} ms)`,
    );
    console.log(`statement / bill: ${(statement.p50 / bill.p50).toFixed(1)}× the month's bill calculation alone (p50)`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
