/**
 * The one spreadsheet-safety rule, checked on every CSV and XLSX the console writes: records
 * exports and billing exports (bill and reconciliation), read back with independent readers.
 * App names beginning with "=", "+", "-" or "@" must arrive as text, never as formulas.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../../shared/contract';
import type { ServiceContext } from '../core/context';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { putStatement, statementFromRollups } from '../billing/testing/fixtures';
import { looksLikeFormula, spreadsheetSafe } from './spreadsheet-safety';
import { exportTestBed, type ExportTestBed } from './testing/support';
import { formulaCells, parseCsv, readXlsx } from './testing/spreadsheet-reader';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+SUM(A1:A9)', "-2+3+cmd|' /C calc'!A0", '@SUM(1,2)'];
const call = (ctx: ServiceContext, name: CallName, input: unknown) => dispatch(handlers, ctx, name, input) as Promise<Record<string, unknown>>;

let bed: ExportTestBed;
beforeEach(() => {
  bed = exportTestBed();
  const db = bed.t.workspace.db;
  const ids = db.prepare('SELECT id FROM apps ORDER BY id').pluck().all() as string[];
  ids.forEach((id, i) => db.prepare('UPDATE apps SET name = ? WHERE id = ?').run(HOSTILE[i % HOSTILE.length], id));
  // A statement with one line off, so the reconciliation lists a difference with an app name.
  const st = statementFromRollups(db, '2026-11');
  st.items[0]!.billable += 1;
  st.items[0]!.calls += 1;
  st.items[0]!.successes += 1;
  putStatement(db, st);
});
afterEach(() => bed.cleanup());

function csvCells(path: string): string[] {
  return parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')).flat();
}

async function xlsxCells(path: string): Promise<unknown[]> {
  return (await readXlsx(path)).flatMap((s) => s.rows.flat());
}

describe('spreadsheet safety', () => {
  it('is one rule: formulas get an apostrophe, plain numbers and text do not', () => {
    for (const h of HOSTILE) expect(spreadsheetSafe(h)).toBe(`'${h}`);
    expect(spreadsheetSafe('-20101')).toBe('-20101');
    expect(spreadsheetSafe('+86')).toBe('+86');
    expect(spreadsheetSafe('商城')).toBe('商城');
    expect(looksLikeFormula('\tcmd')).toBe(true);
  });

  it('neutralises "=", "+", "-" and "@" names in every CSV and XLSX: records, bill, reconciliation', async () => {
    const files: { path: string; kind: 'csv' | 'xlsx' }[] = [];
    for (const format of ['csv', 'xlsx'] as const) {
      const out = join(bed.dir, `records.${format}`);
      await call(bed.t.ctx, 'export.records', { filter: {}, format, out });
      files.push({ path: out, kind: format });
      for (const kind of ['bill', 'reconciliation'] as const) {
        const res = await call(bed.t.ctx, 'billing.export', { month: '2026-11', kind, format, out: join(bed.dir, `${kind}.${format}`) });
        for (const p of (res.files as string[] | undefined) ?? [res.path as string]) files.push({ path: p, kind: format });
      }
    }
    const seen = new Set<string>();
    for (const f of files) {
      const cells = f.kind === 'csv' ? csvCells(f.path) : await xlsxCells(f.path);
      expect(formulaCells(cells), f.path).toEqual([]);
      for (const c of cells) if (typeof c === 'string' && HOSTILE.some((h) => c === `'${h}`)) seen.add(`${f.path.split('/').pop()}:${c}`);
    }
    // The names did reach each kind of file, neutralised: records (both formats), the bill's apps, the reconciliation's differences.
    const reached = (prefix: string): number => [...seen].filter((s) => s.startsWith(prefix)).length;
    expect(reached('records.csv')).toBe(HOSTILE.length);
    expect(reached('records.xlsx')).toBe(HOSTILE.length);
    expect(reached('bill-apps.csv')).toBeGreaterThan(0);
    expect(reached('bill.xlsx')).toBeGreaterThan(0);
    expect(reached('reconciliation-differences.csv')).toBe(1);
    expect(reached('reconciliation.xlsx')).toBe(1);
  }, 120_000); // a dozen files written and read back: give a busy machine room
});
