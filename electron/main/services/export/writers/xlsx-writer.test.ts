import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordItem } from '../../../../../shared/contract/records';
import { FileSink } from '../file-sink';
import { measureFile } from '../file-measure';
import { xlsxWriter } from './xlsx-writer';
import { readXlsx, sheetXml } from '../testing/spreadsheet-reader';

const dir = mkdtempSync(join(tmpdir(), 'onetap-xlsx-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function record(seq: number): RecordItem {
  return {
    seq,
    recordId: `r-${seq}`,
    id: 'app-1',
    appId: 'A1',
    appName: '应用 一',
    capability: 'login',
    operator: 'CMCC',
    requestTime: '2026-11-15T12:00:00.000+08:00',
    resultCode: '200',
    success: true,
    outcome: null,
    carrierCode: null,
    description: '成功',
    carrierMeaning: null,
    carrierMeaningEn: null,
    maskedPhone: '138****0000',
    authType: '1',
    clientIp: '10.0.0.1',
    traceId: `t-${seq}`,
    billable: true,
  };
}

async function write(name: string, rows: number, perSheet: number): Promise<string> {
  const target = join(dir, name);
  const sink = await FileSink.create(target);
  const w = xlsxWriter(sink, 'zh-CN', '认证记录', perSheet);
  await w.start();
  const all = Array.from({ length: rows }, (_, i) => record(i + 1));
  for (let i = 0; i < all.length; i += 7) await w.rows(all.slice(i, i + 7));
  await w.end();
  await sink.finish();
  renameSync(sink.tempPath, target);
  return target;
}

describe('XLSX writer', () => {
  it('continues on further sheets, each with its header, and the rows count across them', async () => {
    const path = await write('split.xlsx', 25, 10);
    const sheets: { name: string; rows: unknown[][] }[] = [];
    for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache' })) {
      const rows: unknown[][] = [];
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) rows.push((row.values as unknown[]).slice(1));
      sheets.push({ name: (sheet as unknown as { name: string }).name, rows });
    }
    expect(sheets.map((s) => s.rows.length)).toEqual([10, 10, 8]);
    expect(sheets.map((s) => s.rows[0]![0])).toEqual(['序号', '序号', '序号']);
    expect(sheets.flatMap((s) => s.rows.slice(1).map((r) => r[0]))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await measureFile(path, 'xlsx')).rows).toBe(25);
  });

  it('writes the same bytes for the same rows, whenever it runs', async () => {
    const a = await write('a.xlsx', 12, 100);
    await new Promise((r) => setTimeout(r, 1100));
    const b = await write('b.xlsx', 12, 100);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('opens without fixing: frozen filterable header, widths, a real date, numbers, values in words', async () => {
    const path = await write('typed.xlsx', 3, 100);
    for (const xml of await sheetXml(path)) {
      expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
      expect(xml).toMatch(/<autoFilter ref="A1:S1"\/>/);
      expect(xml).toMatch(/<col [^>]*width="[\d.]+"/);
    }
    const [sheet] = await readXlsx(path);
    const row = sheet!.rows[1]!;
    expect(row[0]).toBe(1); // seq, a number
    // 12:00 Shanghai, as the wall clock a spreadsheet shows.
    expect(row[2]).toBeInstanceOf(Date);
    expect((row[2] as Date).toISOString()).toBe('2026-11-15T12:00:00.000Z');
    expect(row.slice(6, 9)).toEqual(['一键登录', '中国移动', '成功']);
    expect(row[18]).toBe('是');
  });
});
