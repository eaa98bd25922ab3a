import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickRange } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import { exportFormats, type ExportFormat, type ExportProgress } from '../../../../shared/contract/export';
import { ApiError } from '../../../../shared/contract/errors';
import { toShanghaiIso } from '../../../../shared/time/shanghai';
import { iterateRecords, searchRecords } from '../records/record-scanner';
import { FIXTURE_NOW, UNSYNCED_APP } from '../records/testing/fixture';
import { authRecordsWriter } from '../store/auth-records-repo';
import { manifestPathFor, parseManifest } from './manifest';
import { openRecordSnapshot } from './record-source';
import { runExport } from './run-export';
import { verifyExportFile } from './verify-export';
import { exportTestBed, type ExportTestBed } from './testing/support';

let bed: ExportTestBed;
let n = 0;
const nextId = (): string => `exp_test_${String(++n).padStart(4, '0')}`;

beforeAll(() => {
  bed = exportTestBed();
});
afterAll(() => bed.cleanup());

async function exportTo(name: string, format: ExportFormat, filter: RecordsFilter = {}) {
  return runExport(bed.env(), { exportId: nextId(), filter, format, locale: 'zh-CN', target: join(bed.dir, name) });
}

/** Every cell value of an XLSX, read back with exceljs. */
async function xlsxCells(path: string): Promise<string[][]> {
  const rows: string[][] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as unknown[];
      rows.push(values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
    }
  }
  return rows;
}

describe('the rows of an export are the rows of the search', () => {
  const filters: RecordsFilter[] = [
    {},
    { app: 'app-alpha' },
    { app: 'B2000002', operator: 'CMCC' },
    { appName: 'a', capability: 'verify' },
    { app: UNSYNCED_APP.id },
    { result: 'failure' },
    { result: 'success', operator: 'CTCC' },
    { code: '10105' },
    { code: '10500', capability: 'login' },
    quickRange('lastWeek', FIXTURE_NOW),
    { from: '2026-10-20T09:30:00+08:00', to: '2026-11-02T17:45:10.5+08:00', operator: 'CUCC' },
    { to: '2026-10-10' },
    { appName: 'nothing-like-this' },
  ];

  it.each(filters.map((f) => [JSON.stringify(f), f] as const))('%s: same rows, same order, count = search total', (_label, filter) => {
    const total = searchRecords(bed.t.workspace.db, { ...filter, limit: 1 }).total;
    const snap = openRecordSnapshot(bed.t.workspace.db, filter);
    const seqs: number[] = [];
    // Small pages, so the keyset walk crosses many page boundaries (ties on request time included).
    for (const batch of snap.batches(37)) seqs.push(...batch.map((r) => r.seq));
    snap.close();
    expect(snap.total).toBe(total);
    expect(seqs).toEqual([...iterateRecords(bed.t.workspace.db, filter)].map((r) => r.seq));
  });

  it.each(exportFormats.map((f) => [f] as const))('%s: the manifest row count, the file and the search total agree', async (format) => {
    for (const filter of [{}, { result: 'failure' as const, operator: 'CMCC' as const }, { appName: 'nothing-like-this' }]) {
      const total = searchRecords(bed.t.workspace.db, { ...filter, limit: 1 }).total;
      const res = await exportTo(`rows-${n}.${format}`, format, filter);
      expect(res.rows).toBe(total);
      expect(res.manifestObject.rows).toBe(total);
      const v = await verifyExportFile(bed.verifyEnv(), res.file);
      expect(v.measured?.rows).toBe(total);
      expect(v.problems).toEqual([]);
      expect(v.ok).toBe(true);
    }
  });
});

describe('file formats', () => {
  it('CSV: UTF-8 BOM, Chinese header, CRLF rows in search order, Shanghai times', async () => {
    const res = await exportTo('format.csv', 'csv', { app: 'app-beta' });
    const bytes = readFileSync(res.file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      '序号,记录ID,请求时间,应用名称,AppId,应用内部ID,能力,运营商,结果,返回码,运营商返回码,运营商返回码含义,描述,校验结果,手机号(脱敏),认证方式,客户端IP,追踪ID,计费',
    );
    const first = [...iterateRecords(bed.t.workspace.db, { app: 'app-beta' })][0]!;
    expect(lines[1]!.startsWith(`${first.seq},${first.recordId},${first.requestTime},Beta 支付,B2000002,app-beta,`)).toBe(true);
    expect(lines.length - 2).toBe(res.rows);
  });

  it('JSONL: one object per record with the column keys and typed values', async () => {
    const res = await exportTo('format.jsonl', 'jsonl', { result: 'failure', operator: 'CMCC' });
    const lines = readFileSync(res.file, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const objs = lines.slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs).toHaveLength(res.rows);
    expect(Object.keys(objs[0]!)).toEqual(res.manifestObject.columns);
    expect(objs.every((o) => o.result === 'failure' && o.operator === 'CMCC' && typeof o.seq === 'number' && typeof o.billable === 'boolean')).toBe(true);
  });

  it('XLSX: a header row and one row per record, readable by exceljs', async () => {
    const res = await exportTo('format.xlsx', 'xlsx', { app: 'app-gamma' });
    const rows = await xlsxCells(res.file);
    expect(rows[0]![0]).toBe('序号');
    expect(rows).toHaveLength(res.rows + 1);
    const expected = [...iterateRecords(bed.t.workspace.db, { app: 'app-gamma' })];
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(expected.map((r) => r.seq));
  });

  it('the same data and filter give the same bytes (only the manifest differs)', async () => {
    for (const format of exportFormats) {
      const filter: RecordsFilter = { operator: 'CUCC' };
      const a = await exportTo(`same-a.${format}`, format, filter);
      bed.t.clock.advance(61_000);
      const b = await exportTo(`same-b.${format}`, format, filter);
      expect(readFileSync(b.file).equals(readFileSync(a.file))).toBe(true);
      expect(b.sha256).toBe(a.sha256);
      expect(b.manifestObject.createdAt).not.toBe(a.manifestObject.createdAt);
      expect(b.manifestObject.prevHash).not.toBe(a.manifestObject.prevHash);
    }
  });
});

describe('no export holds a whole phone number', () => {
  const WHOLE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
  let leakBed: ExportTestBed;

  beforeAll(() => {
    leakBed = exportTestBed();
    // Records as a misbehaving platform might send them: unmasked phones, numbers inside text.
    const base = Date.parse('2026-11-14T02:00:00Z');
    authRecordsWriter(leakBed.t.workspace.db).insert(
      [
        ['13812345678', '用户 13987654321 取号失败', 'trace 15011112222'],
        ['+86 139 1234 5678', 'call +8613712345678 now', 'ok'],
        ['8615912345678', 'phone: 186-1234-5678', '20261115123456789012'],
        ['138****0000', '成功', 'x'],
      ].map(([phone, description, trace], i) => ({
        seq: 900_000 + i,
        recordId: `leak-${i}`,
        id: 'app-alpha',
        appId: 'A1000001',
        capability: 'login' as const,
        operator: 'CMCC' as const,
        requestTime: toShanghaiIso(base + i * 1000),
        resultCode: '200',
        success: true,
        outcome: null,
        carrierCode: null,
        description: description!,
        maskedPhone: phone!,
        authType: '1',
        clientIp: '10.0.0.1',
        traceId: trace!,
      })),
    );
  });
  afterAll(() => leakBed.cleanup());

  it.each(exportFormats.map((f) => [f] as const))('%s: every cell is free of whole numbers', async (format) => {
    const res = await runExport(leakBed.env(), {
      exportId: `exp_leak_${format}`,
      filter: {},
      format,
      locale: 'zh-CN',
      target: join(leakBed.dir, `all.${format}`),
    });
    expect(res.rows).toBeGreaterThan(3000);
    // The manifest's digests, chain id and signature are random-looking hex: one in ~100 runs holds
    // eleven decimal digits in a row by chance. They are hashes, not phone numbers; scan everything else.
    const manifest = readFileSync(res.manifest, 'utf8').replace(/"[0-9a-f]{16,}"/g, '"<hex>"');
    const texts: string[] = [manifest];
    if (format === 'xlsx') texts.push(...(await xlsxCells(res.file)).map((r) => r.join('\t')));
    else texts.push(readFileSync(res.file, 'utf8'));
    // Also the raw bytes: an XLSX is zipped XML, so scan what exceljs read back as well as the file.
    texts.push(readFileSync(res.file).toString('latin1'));
    for (const text of texts) expect(text).not.toMatch(WHOLE);
    const all = texts.join('\n');
    expect(all).toContain('138****5678');
    expect(all).toContain('用户 139****4321 取号失败');
    expect(all).toContain('20261115123456789012');
  });
});

describe('cancel and failure leave nothing behind', () => {
  function leftovers(dir: string): string[] {
    return existsSync(dir) ? readdirSync(dir) : [];
  }

  it('a cancelled export removes its partial file and records nothing', async () => {
    for (const format of exportFormats) {
      const dir = join(bed.dir, `cancel-${format}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      const ac = new AbortController();
      const phases: ExportProgress['phase'][] = [];
      const before = bed.t.workspace.db.prepare('SELECT COUNT(*) FROM export_history').pluck().get();
      const run = runExport(
        bed.env({
          signal: ac.signal,
          batchSize: 50,
          progressEveryMs: 0,
          onProgress: (p) => {
            phases.push(p.phase);
            if (p.phase === 'writing' && p.rows >= 500) ac.abort();
          },
        }),
        { exportId: nextId(), filter: {}, format, locale: 'en-US', target: join(dir, `out.${format}`) },
      );
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(phases.at(-1)).toBe('cancelled');
      expect(leftovers(dir)).toEqual([]);
      expect(bed.t.workspace.db.prepare('SELECT COUNT(*) FROM export_history').pluck().get()).toBe(before);
    }
  });

  it('a failure mid-way removes the partial file too', async () => {
    const dir = join(bed.dir, 'fail');
    mkdirSync(dir);
    const run = runExport(
      bed.env({
        batchSize: 100,
        progressEveryMs: 0,
        onProgress: (p) => {
          if (p.phase === 'writing' && p.rows >= 300) throw new Error('disk on fire');
        },
      }),
      { exportId: nextId(), filter: {}, format: 'csv', locale: 'zh-CN', target: join(dir, 'out.csv') },
    );
    await expect(run).rejects.toThrow('disk on fire');
    expect(leftovers(dir)).toEqual([]);
  });

  it('an existing file at the target is only replaced by a complete export', async () => {
    const target = join(bed.dir, 'keep.csv');
    writeFileSync(target, 'previous');
    const ac = new AbortController();
    ac.abort();
    await expect(runExport(bed.env({ signal: ac.signal }), { exportId: nextId(), filter: {}, format: 'csv', locale: 'zh-CN', target })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(readFileSync(target, 'utf8')).toBe('previous');
    expect(existsSync(manifestPathFor(target))).toBe(false);
  });

  it('bad targets are refused before anything is written', async () => {
    const attempt = (target: string) => runExport(bed.env(), { exportId: nextId(), filter: {}, format: 'csv', locale: 'zh-CN', target });
    await expect(attempt('relative.csv')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(attempt(join(bed.dir, 'no-such-folder', 'x.csv'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(attempt(join(bed.dir, 'x.csv.manifest.json'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      runExport(bed.env(), { exportId: nextId(), filter: { from: '2026-02-30' }, format: 'csv', locale: 'zh-CN', target: join(bed.dir, 'bad-date.csv') }),
    ).rejects.toBeInstanceOf(ApiError);
    expect(readdirSync(bed.dir).filter((f) => f.includes('bad-date') || f.endsWith('.part'))).toEqual([]);
  });
});

describe('tampering is detected', () => {
  let tb: ExportTestBed;
  beforeAll(() => {
    tb = exportTestBed();
  });
  afterAll(() => tb.cleanup());

  async function fresh(name: string, format: ExportFormat = 'csv', filter: RecordsFilter = { operator: 'CTCC' }) {
    return runExport(tb.env(), { exportId: `exp_tamper_${name}`, filter, format, locale: 'zh-CN', target: join(tb.dir, `${name}.${format}`) });
  }
  const codes = (v: { problems: { code: string }[] }): string[] => v.problems.map((p) => p.code).sort();

  it('an untouched export verifies, by its path or its manifest path', async () => {
    const res = await fresh('clean');
    for (const p of [res.file, res.manifest]) {
      const v = await verifyExportFile(tb.verifyEnv(), p);
      expect(v).toMatchObject({ ok: true, problems: [], historySeq: res.manifestObject.seq, measured: { sha256: res.sha256, rows: res.rows } });
    }
  });

  it('a single changed byte: hash mismatch', async () => {
    for (const format of exportFormats) {
      const res = await fresh(`byte-${format}`, format);
      const bytes = readFileSync(res.file);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at]! ^ 0x01;
      writeFileSync(res.file, bytes);
      const v = await verifyExportFile(tb.verifyEnv(), res.file);
      expect(v.ok).toBe(false);
      expect(codes(v)).toContain('HASH_MISMATCH');
      expect(v.problems.find((p) => p.code === 'HASH_MISMATCH')!.message).toContain(res.sha256);
    }
  });

  it('a deleted row: hash mismatch and row count mismatch', async () => {
    const res = await fresh('row-csv');
    const lines = readFileSync(res.file, 'utf8').split('\r\n');
    lines.splice(5, 1);
    writeFileSync(res.file, lines.join('\r\n'));
    const v = await verifyExportFile(tb.verifyEnv(), res.file);
    expect(codes(v)).toEqual(['HASH_MISMATCH', 'ROW_COUNT_MISMATCH']);
    expect(v.problems.find((p) => p.code === 'ROW_COUNT_MISMATCH')!.message).toContain(
      `holds ${res.rows - 1} data row(s) but the manifest records ${res.rows}`,
    );

    const j = await fresh('row-jsonl', 'jsonl');
    const jl = readFileSync(j.file, 'utf8').split('\n');
    jl.splice(0, 1);
    writeFileSync(j.file, jl.join('\n'));
    expect(codes(await verifyExportFile(tb.verifyEnv(), j.file))).toEqual(['HASH_MISMATCH', 'ROW_COUNT_MISMATCH']);
  });

  it('a removed manifest: manifest missing, and the export the file matches is named', async () => {
    const res = await fresh('nomanifest');
    rmSync(res.manifest);
    const v = await verifyExportFile(tb.verifyEnv(), res.file);
    expect(codes(v)).toEqual(['MANIFEST_MISSING']);
    expect(v.problems[0]!.message).toContain(res.exportId);
    expect(v.historySeq).toBe(res.manifestObject.seq);
  });

  it('a manifest edited to match an edited file: the signature is bad and the history disagrees', async () => {
    const res = await fresh('forged');
    const lines = readFileSync(res.file, 'utf8').split('\r\n');
    lines.splice(3, 1);
    writeFileSync(res.file, lines.join('\r\n'));
    const { measureFile } = await import('./file-measure');
    const m = await measureFile(res.file, 'csv');
    const manifest = JSON.parse(readFileSync(res.manifest, 'utf8')) as Record<string, unknown> & { file: Record<string, unknown> };
    manifest.rows = m.rows;
    manifest.file.sha256 = m.sha256;
    manifest.file.bytes = m.bytes;
    writeFileSync(res.manifest, JSON.stringify(manifest));
    const v = await verifyExportFile(tb.verifyEnv(), res.file);
    expect(codes(v)).toEqual(['HISTORY_MISMATCH', 'SIGNATURE_BAD']);
    expect(v.problems.find((p) => p.code === 'HISTORY_MISMATCH')!.message).toContain('file.sha256');
  });

  it('a file that is not there, and a manifest that is not a manifest', async () => {
    const res = await fresh('gone');
    rmSync(res.file);
    expect(codes(await verifyExportFile(tb.verifyEnv(), res.file))).toEqual(['FILE_MISSING']);
    const res2 = await fresh('badmanifest');
    writeFileSync(res2.manifest, '{"kind":"something else"}');
    const v2 = await verifyExportFile(tb.verifyEnv(), res2.file);
    expect(codes(v2)).toEqual(['MANIFEST_INVALID']);
    expect(v2.problems[0]!.message).toContain(res2.exportId);
    writeFileSync(res2.file, 'not the export');
    expect(codes(await verifyExportFile(tb.verifyEnv(), res2.file))).toEqual(['MANIFEST_INVALID', 'NOT_IN_HISTORY']);
  });

  it('a damaged XLSX cannot be read as one', async () => {
    const res = await fresh('broken', 'xlsx');
    writeFileSync(res.file, readFileSync(res.file).subarray(0, 200));
    expect(codes(await verifyExportFile(tb.verifyEnv(), res.file))).toEqual(['FILE_UNREADABLE', 'HASH_MISMATCH']);
  });

  it('a manifest from another workspace is named as such', async () => {
    const other = exportTestBed({ records: false });
    try {
      const res = await runExport(other.env(), { exportId: 'exp_other_ws_1', filter: {}, format: 'csv', locale: 'zh-CN', target: join(other.dir, 'o.csv') });
      const v = await verifyExportFile(tb.verifyEnv(), res.file);
      expect(codes(v)).toEqual(['WRONG_WORKSPACE']);
    } finally {
      other.cleanup();
    }
  });

  it('a signature from a key this session does not hold is reported as unchecked, not as forged', async () => {
    const res = await fresh('otherkey');
    const v = await verifyExportFile(tb.verifyEnv({ platformSecret: { accessKey: 'AK-audit-01', secretKey: 'a rotated secret' } }), res.file);
    expect(codes(v)).toEqual(['SIGNATURE_UNCHECKED']);
    expect(v.problems[0]!.message).toContain(res.manifestObject.signature.keyId);
    const none = await verifyExportFile(tb.verifyEnv({ platformSecret: null }), res.file);
    expect(codes(none)).toEqual(['SIGNATURE_UNCHECKED']);
  });
});

describe('the history chain', () => {
  let hb: ExportTestBed;
  const db = () => hb.t.workspace.db;
  beforeAll(() => {
    hb = exportTestBed();
  });
  afterAll(() => hb.cleanup());

  async function three(prefix: string) {
    const out = [];
    for (let i = 0; i < 3; i++) {
      out.push(
        await runExport(hb.env(), {
          exportId: `exp_${prefix}_${i}`,
          filter: { capability: 'verify' },
          format: 'jsonl',
          locale: 'zh-CN',
          target: join(hb.dir, `${prefix}-${i}.jsonl`),
        }),
      );
    }
    return out;
  }
  const codes = (v: { problems: { code: string }[] }): string[] => v.problems.map((p) => p.code).sort();

  it('links every manifest to the one before, from a genesis bound to the workspace', async () => {
    const [a, b, c] = await three('link');
    expect(b!.manifestObject.prevHash).toBe(db().prepare('SELECT manifest_hash FROM export_history WHERE seq = ?').pluck().get(a!.manifestObject.seq));
    expect(c!.manifestObject.seq).toBe(b!.manifestObject.seq + 1);
    const recorded = parseManifest(db().prepare('SELECT manifest FROM export_history WHERE seq = ?').pluck().get(c!.manifestObject.seq) as string);
    expect(recorded.ok && recorded.manifest).toEqual(JSON.parse(readFileSync(c!.manifest, 'utf8')));
  });

  it('refuses UPDATE and DELETE as a first line', () => {
    expect(() => db().prepare("UPDATE export_history SET file_path = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db().prepare('DELETE FROM export_history WHERE seq = 1').run()).toThrow(/append-only/);
  });

  it('detects an edited history row, a removed row, and rows removed from the end', async () => {
    const [a, b, c] = await three('edit');
    const clean = await verifyExportFile(hb.verifyEnv(), c!.file);
    expect(clean.ok).toBe(true);
    db().exec('DROP TRIGGER export_history_no_update; DROP TRIGGER export_history_no_delete;');
    try {
      // An edit of the recorded manifest (the row count), leaving its hash alone.
      const row = db().prepare('SELECT manifest FROM export_history WHERE seq = ?').pluck().get(b!.manifestObject.seq) as string;
      db()
        .prepare('UPDATE export_history SET manifest = ? WHERE seq = ?')
        .run(row.replace(`"rows":${b!.rows}`, `"rows":${b!.rows + 1}`), b!.manifestObject.seq);
      const v = await verifyExportFile(hb.verifyEnv(), c!.file);
      expect(v.ok).toBe(false);
      expect(codes(v)).toEqual(['CHAIN_BROKEN', 'SIGNATURE_BAD']);
      expect(v.problems.find((p) => p.code === 'CHAIN_BROKEN')!.seq).toBe(b!.manifestObject.seq);
      // The export whose row was edited no longer matches its history either.
      expect(codes(await verifyExportFile(hb.verifyEnv(), b!.file))).toContain('HISTORY_MISMATCH');
      db().prepare('UPDATE export_history SET manifest = ? WHERE seq = ?').run(row, b!.manifestObject.seq);
      expect((await verifyExportFile(hb.verifyEnv(), c!.file)).ok).toBe(true);

      // An edit that also rewrites the row's hash: the next row's link breaks.
      db().prepare('UPDATE export_history SET manifest_hash = ? WHERE seq = ?').run('0'.repeat(64), a!.manifestObject.seq);
      const v2 = await verifyExportFile(hb.verifyEnv(), c!.file);
      expect(v2.problems.filter((p) => p.code === 'CHAIN_BROKEN').map((p) => p.seq)).toEqual([a!.manifestObject.seq, b!.manifestObject.seq]);

      // A removed row in the middle.
      db().prepare('DELETE FROM export_history WHERE seq = ?').run(b!.manifestObject.seq);
      const v3 = await verifyExportFile(hb.verifyEnv(), c!.file);
      expect(v3.problems.some((p) => p.code === 'CHAIN_BROKEN' && p.seq === c!.manifestObject.seq && p.message.includes('missing'))).toBe(true);
      expect(codes(await verifyExportFile(hb.verifyEnv(), b!.file))).toContain('NOT_IN_HISTORY');

      // Rows removed from the end (the chain alone would still hold): the high-water mark tells.
      db().prepare('DELETE FROM export_history WHERE seq >= ?').run(c!.manifestObject.seq);
      const v4 = await verifyExportFile(hb.verifyEnv(), a!.file);
      expect(v4.problems.some((p) => p.code === 'CHAIN_BROKEN' && p.message.includes('removed from the end'))).toBe(true);
    } finally {
      db().exec(
        `CREATE TRIGGER IF NOT EXISTS export_history_no_update BEFORE UPDATE ON export_history BEGIN SELECT RAISE(ABORT, 'export_history is append-only'); END;`,
      );
      db().exec(
        `CREATE TRIGGER IF NOT EXISTS export_history_no_delete BEFORE DELETE ON export_history BEGIN SELECT RAISE(ABORT, 'export_history is append-only'); END;`,
      );
    }
  });
});
