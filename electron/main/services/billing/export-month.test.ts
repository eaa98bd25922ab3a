import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { DESKTOP_EXTENSION_KEYS, type PrintToPdfRequest, type SaveDialogRequest } from '../core/capabilities';
import { dispatch, type Handlers } from '../core/dispatch';
import { DOWNLOADS_EXTENSION, DownloadRegistry } from '../core/downloads';
import { createTestContext, type TestContext } from '../testing/context';
import { billingHandlers } from './handlers';
import { callBilling } from './testing/call';
import { insertRecords, putStatement, statementFromRollups } from './testing/fixtures';

const handlers = billingHandlers as unknown as Handlers;
let t: TestContext;
let dir: string | null = null;
afterEach(() => {
  t?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** RFC 4180 reading, enough to check what csv-stringify wrote (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

const exportCall = async (input: Record<string, unknown>) => await callBilling(t.ctx, 'billing.export', input);

function seed(): void {
  t.workspace.db.prepare(`INSERT INTO apps (id, app_id, name, platform, status, version, created_at, updated_at, data) VALUES ('app-1', '30001', '商城, "旗舰"', 'android', 'approved', 1, 0, 0, '{}')`).run();
  insertRecords(t.workspace.db, { at: '2026-11-02T02:00:00Z', count: 20 }, { at: '2026-11-03T02:00:00Z', count: 4, operator: 'CUCC', id: 'app-2' });
}

describe('billing.export', () => {
  it('hands a CSV (UTF-8 with BOM) out as a one-time download link in browser mode', async () => {
    t = createTestContext();
    const downloads = new DownloadRegistry();
    t.ctx.extensions.set(DOWNLOADS_EXTENSION, downloads);
    seed();
    const out = await exportCall({ month: '2026-11', kind: 'bill', format: 'csv' });
    expect(out).toMatchObject({ delivery: 'download', filename: 'onetap-bill-2026-11.csv' });
    if (out.delivery !== 'download') throw new Error('expected a download');
    const d = downloads.take(out.url.replace('/files/', ''), t.ctx.clock.now())!;
    expect(d).toMatchObject({ filename: 'onetap-bill-2026-11.csv', contentType: 'text/csv; charset=utf-8', removeAfter: true });
    const buf = readFileSync(d.path);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(buf.toString('utf8').slice(1));
    expect(rows[0]).toEqual(['汇总']);
    expect(rows).toContainEqual(['金额（元）', '0.62']); // 24 × 0.026 = 0.624
    expect(rows).toContainEqual(['30001', '商城, "旗舰"', '20', '0.52']);
    expect(rows).toContainEqual(['0', '10000', '0.026', '24', '0.624']);
    rmSync(d.path, { force: true });
  });

  it('writes XLSX where the save dialog says in Electron, and reports a cancel', async () => {
    t = createTestContext();
    dir = mkdtempSync(join(tmpdir(), 'onetap-billing-test-'));
    const asked: SaveDialogRequest[] = [];
    let answer: string | null = join(dir, 'chosen.xlsx');
    t.ctx.extensions.set(DESKTOP_EXTENSION_KEYS.showSaveDialog, async (req: SaveDialogRequest) => {
      asked.push(req);
      return answer;
    });
    seed();
    putStatement(t.workspace.db, statementFromRollups(t.workspace.db, '2026-11'));
    const out = await exportCall({ month: '2026-11', kind: 'reconciliation', format: 'xlsx', locale: 'en-US' });
    expect(out).toEqual({ delivery: 'saved', path: join(dir, 'chosen.xlsx'), filename: 'onetap-reconciliation-2026-11.xlsx' });
    expect(asked[0]).toEqual({ defaultName: 'onetap-reconciliation-2026-11.xlsx', filters: [{ name: 'Excel', extensions: ['xlsx'] }] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'chosen.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Differences', 'Bill field differences']);
    const summary = wb.getWorksheet('Summary')!;
    const values = new Map<string, unknown>();
    summary.eachRow((row, i) => {
      if (i > 1) values.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    expect(values.get('Status')).toBe('Mismatched'); // no platform bill synced
    expect(values.get('Local amount (CNY)')).toBe(0.62);
    expect(summary.getRow(1).font?.bold).toBe(true);

    answer = null;
    expect(await exportCall({ month: '2026-11', kind: 'bill', format: 'csv' })).toEqual({ delivery: 'cancelled' });
  });

  it('is unsupported where files cannot be handed out, and validates its input', async () => {
    t = createTestContext();
    await expect(exportCall({ month: '2026-11', kind: 'bill', format: 'csv' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(exportCall({ month: '2026-11', kind: 'bill', format: 'pdf' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('billing.statementPdf', () => {
  it('prints an escaped HTML statement to PDF and saves it in Electron', async () => {
    t = createTestContext();
    dir = mkdtempSync(join(tmpdir(), 'onetap-billing-test-'));
    seed();
    t.workspace.db.prepare(`UPDATE apps SET name = '<img src=x onerror=alert(1)>' WHERE id = 'app-1'`).run();
    let html = '';
    t.ctx.extensions.set(DESKTOP_EXTENSION_KEYS.printToPDF, async (req: PrintToPdfRequest) => {
      html = req.html;
      return Buffer.from('%PDF-1.7 fake');
    });
    t.ctx.extensions.set(DESKTOP_EXTENSION_KEYS.showSaveDialog, async () => join(dir!, 'statement.pdf'));
    const out = await callBilling(t.ctx, 'billing.statementPdf', { month: '2026-11' });
    expect(out).toMatchObject({ delivery: 'saved', filename: 'onetap-statement-2026-11.pdf' });
    expect(readFileSync(join(dir, 'statement.pdf'), 'utf8')).toBe('%PDF-1.7 fake');
    expect(html).toContain('一键登录月度账单 · 2026-11');
    expect(html).toContain('¥ 0.62');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script/i);
  });

  it('is unsupported in browser mode (the view prints the page instead)', async () => {
    t = createTestContext();
    t.ctx.extensions.set(DOWNLOADS_EXTENSION, new DownloadRegistry());
    await expect(dispatch(handlers, t.ctx, 'billing.statementPdf', { month: '2026-11' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(existsSync(join(t.ctx.dataDir, 'statement.pdf'))).toBe(false);
  });
});
