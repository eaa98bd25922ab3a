import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DESKTOP_EXTENSION_KEYS, type SaveDialogRequest } from '../core/capabilities';
import { parseCsv, readXlsx, sheetXml, zipEntries } from '../export/testing/spreadsheet-reader';
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

const exportCall = async (input: Record<string, unknown>) => await callBilling(t.ctx, 'billing.export', input);

function seed(): void {
  t.workspace.db
    .prepare(
      `INSERT INTO apps (id, app_id, name, platform, status, version, created_at, updated_at, data) VALUES ('app-1', '30001', '商城, "旗舰"', 'android', 'approved', 1, 0, 0, '{}')`,
    )
    .run();
  insertRecords(t.workspace.db, { at: '2026-11-02T02:00:00Z', count: 20 }, { at: '2026-11-03T02:00:00Z', count: 4, operator: 'CUCC', id: 'app-2' });
}

describe('billing.export', () => {
  it('hands one CSV per table (UTF-8 with BOM) out as a zip behind a one-time download link in browser mode', async () => {
    t = createTestContext();
    const downloads = new DownloadRegistry();
    t.ctx.extensions.set(DOWNLOADS_EXTENSION, downloads);
    seed();
    const out = await exportCall({ month: '2026-11', kind: 'bill', format: 'csv' });
    expect(out).toMatchObject({ delivery: 'download', filename: 'onetap-bill-2026-11-csv.zip' });
    if (out.delivery !== 'download') throw new Error('expected a download');
    const d = downloads.take(out.url.replace('/files/', ''), t.ctx.clock.now())!;
    expect(d).toMatchObject({ filename: 'onetap-bill-2026-11-csv.zip', contentType: 'application/zip', removeAfter: true });
    const entries = await zipEntries(d.path);
    const stem = 'onetap-bill-2026-11';
    expect([...entries.keys()]).toEqual(['summary', 'tiers', 'packages', 'apps', 'operators', 'days'].map((k) => `${stem}-${k}.csv`));
    const csv = (key: string): string[][] => {
      const buf = entries.get(`${stem}-${key}.csv`)!;
      expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return parseCsv(buf.toString('utf8').slice(1));
    };
    // One table per file: a header row, then rows of the same width.
    for (const key of ['summary', 'tiers', 'apps', 'operators', 'days']) {
      const rows = csv(key);
      expect(new Set(rows.map((r) => r.length)).size, key).toBe(1);
    }
    expect(csv('summary')).toContainEqual(['金额（元）', '0.62']); // 24 × 0.026 = 0.624
    expect(csv('apps')).toContainEqual(['30001', '商城, "旗舰"', '20', '0.52']);
    const tiers = csv('tiers');
    expect(tiers[0]).toEqual(['起（不含）', '止（含）', '单价（元/次）', '次数', '金额（元）']);
    expect(tiers[1]).toEqual(['0', '10000', '0.026', '24', '0.624']);
    // The open-ended last tier has an empty upper bound, not "∞".
    expect(tiers[4]).toEqual(['250000', '', '0.018', '0', '0.000']);
    expect(csv('operators')).toContainEqual(['中国联通', '4', '0.10']);
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
    const sheets = await readXlsx(join(dir, 'chosen.xlsx'));
    expect(sheets.map((w) => w.name)).toEqual(['Summary', 'Differences', 'Bill field differences']);
    const values = new Map(sheets[0]!.rows.slice(1).map((r) => [String(r[0]), r[1]]));
    expect(values.get('Status')).toBe('Mismatched'); // no platform bill synced
    expect(values.get('Local amount (CNY)')).toBe(0.62);
    const diff = sheets[1]!.rows;
    // Dates are real dates, counts and money numbers, names text.
    for (const row of diff.slice(1)) {
      expect(row[0]).toBeInstanceOf(Date);
      expect(typeof row[5]).toBe('number');
      expect(typeof row[8]).toBe('number');
      expect(typeof row[3]).toBe('string');
    }
    // Every sheet: a frozen header row with an autofilter over its columns, and column widths.
    for (const xml of await sheetXml(join(dir, 'chosen.xlsx'))) {
      expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
      expect(xml).toMatch(/<autoFilter ref="A1:[A-Z]+1"\/>/);
      expect(xml).toMatch(/<col [^>]*width="[\d.]+"[^>]*customWidth="1"/);
    }

    answer = null;
    expect(await exportCall({ month: '2026-11', kind: 'bill', format: 'csv' })).toEqual({ delivery: 'cancelled' });
    expect(asked[1]).toEqual({ defaultName: 'onetap-bill-2026-11-csv.zip', filters: [{ name: 'ZIP (CSV)', extensions: ['zip'] }] });
  });

  it('is unsupported where files cannot be handed out, and validates its input', async () => {
    t = createTestContext();
    await expect(exportCall({ month: '2026-11', kind: 'bill', format: 'csv' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(exportCall({ month: '2026-11', kind: 'bill', format: 'pdf' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('writes a path only from the command line', async () => {
    t = createTestContext();
    dir = mkdtempSync(join(tmpdir(), 'onetap-billing-test-'));
    seed();
    const out = await exportCall({ month: '2026-11', kind: 'bill', format: 'csv', out: join(dir, 'bill.csv') });
    expect(out).toMatchObject({
      delivery: 'saved',
      files: ['summary', 'tiers', 'packages', 'apps', 'operators', 'days'].map((k) => join(dir!, `bill-${k}.csv`)),
    });
    t.ctx.mode = 'browser';
    t.ctx.extensions.set(DOWNLOADS_EXTENSION, new DownloadRegistry());
    await expect(exportCall({ month: '2026-11', kind: 'bill', format: 'xlsx', out: join(dir, 'x.xlsx') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
  });
});

describe('billing.statementPdf', () => {
  it('saves the PDF where the save dialog says in Electron', async () => {
    t = createTestContext();
    dir = mkdtempSync(join(tmpdir(), 'onetap-billing-test-'));
    seed();
    t.ctx.extensions.set(DESKTOP_EXTENSION_KEYS.showSaveDialog, async () => join(dir!, 'statement.pdf'));
    const out = await callBilling(t.ctx, 'billing.statementPdf', { month: '2026-11' });
    expect(out).toMatchObject({ delivery: 'saved', filename: 'onetap-statement-2026-11.pdf' });
    expect(readFileSync(join(dir, 'statement.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is a one-time download in browser mode, the same bytes as from the command line', async () => {
    t = createTestContext();
    dir = mkdtempSync(join(tmpdir(), 'onetap-billing-test-'));
    seed();
    const cli = await callBilling(t.ctx, 'billing.statementPdf', { month: '2026-11', locale: 'en-US', out: join(dir, 'cli.pdf') });
    expect(cli).toMatchObject({ delivery: 'saved', path: join(dir, 'cli.pdf') });
    t.ctx.mode = 'browser';
    const downloads = new DownloadRegistry();
    t.ctx.extensions.set(DOWNLOADS_EXTENSION, downloads);
    t.clock.advance(3_600_000); // later: the statement is dated by its data, not by the click
    const out = await dispatch(handlers, t.ctx, 'billing.statementPdf', { month: '2026-11', locale: 'en-US' });
    expect(out).toMatchObject({ delivery: 'download', filename: 'onetap-statement-2026-11-en.pdf' });
    const d = downloads.take((out as { url: string }).url.replace('/files/', ''), t.ctx.clock.now())!;
    expect(d.contentType).toBe('application/pdf');
    expect(readFileSync(d.path).equals(readFileSync(join(dir, 'cli.pdf')))).toBe(true);
    rmSync(d.path, { force: true });
  });
});
