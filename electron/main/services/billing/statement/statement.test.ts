/**
 * The statement PDF end to end: the emulator (with drift) synced by the real sync engine into a
 * workspace file, the statement made by `onetap bill statement`, and its text read back by
 * poppler's pdftotext — an independent reader — against a calculation made here from the raw
 * auth records, packages and pricing, not by the billing engine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type DriftReportLine, type StartedEmulator } from '../../../../../emulator/index';
import { chineseUppercaseAmount } from '../../../../../shared/money/chinese-uppercase';
import { datesOfMonth, startOfShanghaiDay } from '../../../../../shared/time/shanghai';
import { onetap } from '../../../../cli/testing/run-in-process';
import { memorySecretStore } from '../../core/secrets';
import { DOWNLOADS_EXTENSION, DownloadRegistry } from '../../core/downloads';
import type { Db } from '../../db/open';
import { runSync } from '../../sync/engine';
import { emulatorClient } from '../../sync/testing/helpers';
import { createTestContext, openTestWorkspaceDb } from '../../testing/context';
import { callBilling } from '../testing/call';

const NOW = Date.parse('2026-11-15T04:00:00Z');
const clock = { now: () => NOW };
const MONTH = '2026-10';
let emu: StartedEmulator;
let dir: string;
let file: string;
let db: Db;
let drift: DriftReportLine[];

beforeAll(async () => {
  emu = await startEmulator({ seed: 25, days: 60, daily: 400, drift: 6, now: clock.now });
  drift = emu.drift();
  dir = mkdtempSync(join(tmpdir(), 'onetap-statement-'));
  file = join(dir, 'statement-ws.db');
  db = openTestWorkspaceDb(file);
  const client = emulatorClient(emu, 'admin', { clock });
  expect((await runSync({ db, client, secrets: memorySecretStore(), clock })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  db?.close();
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const fmt = (n: number): string => n.toLocaleString('en-US');
const millsText = (m: number): string => `${fmt(Math.trunc(m / 1000))}.${String(m % 1000).padStart(3, '0')}`;
const fenText = (m: number): string => {
  const fen = Math.floor((m + 5) / 10); // half-up, amounts are positive
  return `${fmt(Math.trunc(fen / 100))}.${String(fen % 100).padStart(2, '0')}`;
};

/** The month's bill worked out here from raw records, the platform's packages and pricing. */
function expectedBill(month: string): {
  charged: number;
  tiers: { from: number; to: number | null; price: string; count: number; mills: number }[];
  totalMills: number;
} {
  const pricing = JSON.parse(db.prepare(`SELECT value FROM platform_meta WHERE key = 'pricing'`).pluck().get() as string) as {
    tiers: { from: number; to: number | null; unitPrice: string }[];
  };
  const packages = db.prepare('SELECT quota, valid_from AS validFrom, valid_to AS validTo FROM packages ORDER BY valid_to').all() as {
    quota: number;
    validFrom: number;
    validTo: number;
  }[];
  // Billable calls per Shanghai day, all history (packages span months).
  const perDay = db
    .prepare(`SELECT date((request_ms + 8 * 3600000) / 1000, 'unixepoch') AS d, count(*) AS n FROM auth_records WHERE billable = 1 GROUP BY d ORDER BY d`)
    .all() as { d: string; n: number }[];
  const left = packages.map((p) => p.quota);
  let charged = 0;
  const inMonth = new Set(datesOfMonth(month));
  for (const { d, n } of perDay) {
    let rest = n;
    const t = startOfShanghaiDay(d);
    packages.forEach((p, i) => {
      if (t >= p.validFrom && t < p.validTo) {
        const take = Math.min(rest, left[i]!);
        left[i]! -= take;
        rest -= take;
      }
    });
    if (inMonth.has(d)) charged += rest;
  }
  const tiers = pricing.tiers.map((t) => {
    const count = Math.max(0, Math.min(charged, t.to ?? Infinity) - t.from);
    const price = Math.round(Number(t.unitPrice) * 1000);
    return { from: t.from, to: t.to, price: t.unitPrice, count, mills: count * price };
  });
  return { charged, tiers, totalMills: tiers.reduce((s, t) => s + t.mills, 0) };
}

function pdfText(path: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', ...range, path, '-'], { encoding: 'utf8' });
}

function pageCount(path: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);
}

/** Runs of spaces collapsed: layout columns become single spaces. */
const squash = (s: string): string => s.replace(/[ \t]+/g, ' ');

describe('statement PDF', () => {
  it('holds the tier lines, totals, 大写金额 and page numbers of an independent calculation (zh-CN)', async () => {
    const out = join(dir, 'zh.pdf');
    const run = await onetap('bill', 'statement', MONTH, '--db', file, '--out', out, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ month: MONTH, files: [out] });
    const text = squash(pdfText(out));
    const e = expectedBill(MONTH);
    expect(text).toContain(`一键登录月度账单 · ${MONTH}`);
    expect(text).toContain('2026-10-01 至 2026-10-31');
    e.tiers.forEach((t, i) => {
      const range = t.to === null ? `第 ${fmt(t.from + 1)} 次起` : `第 ${fmt(t.from + 1)} – ${fmt(t.to)} 次`;
      expect(text, `tier ${i + 1}`).toContain(`${i + 1} ${range} ${t.price} ${fmt(t.count)} ${millsText(t.mills)}`);
    });
    const total = fenText(e.totalMills);
    expect(text).toContain(`合计 ${fmt(e.charged)} ${total}`);
    expect(text).toContain(`¥${total}`);
    expect(text).toContain(chineseUppercaseAmount(total.replaceAll(',', '')));
    // Every drifted line of the month is listed among the differences.
    for (const d of drift.filter((x) => x.date.startsWith(MONTH))) expect(text).toMatch(new RegExp(`${d.date} ${d.appId} `));
    const m = pageCount(out);
    const id = /文档编号 ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(text)![1]!;
    for (let n = 1; n <= m; n++) {
      // pdftotext leaves out spaces between Chinese and digits here: compare without spaces.
      const page = pdfText(out, n).replace(/\s+/g, '');
      expect(page).toContain(`第${n}页/共${m}页`);
      expect(page).toContain(`文档编号${id}`);
    }
    // The font is embedded and subset: small, and no font of the machine is referenced.
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+NotoSansSC\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).not.toMatch(/\bno\s+no\b/);
    expect(readFileSync(out).length).toBeLessThan(150_000);
  });

  it('is in English when asked, with the same figures', async () => {
    const out = join(dir, 'en.pdf');
    expect((await onetap('bill', 'statement', MONTH, '--db', file, '--locale', 'en-US', '--out', out)).code).toBe(0);
    const text = squash(pdfText(out));
    const e = expectedBill(MONTH);
    expect(text).toContain('2026-10-01 to 2026-10-31');
    e.tiers.forEach((t, i) => {
      const range = t.to === null ? `calls ${fmt(t.from + 1)} and up` : `calls ${fmt(t.from + 1)} – ${fmt(t.to)}`;
      expect(text, `tier ${i + 1}`).toContain(`${i + 1} ${range} ${t.price} ${fmt(t.count)} ${millsText(t.mills)}`);
    });
    expect(text).toContain(`Total ${fmt(e.charged)} ${fenText(e.totalMills)}`);
    const m = pageCount(out);
    for (let n = 1; n <= m; n++) expect(squash(pdfText(out, n))).toContain(`Page ${n} of ${m}`);
    expect(text).not.toMatch(/第 \d+ 页/);
  });

  it('is the same file from the command line and the browser door', async () => {
    const out = join(dir, 'cli.pdf');
    expect((await onetap('bill', 'statement', MONTH, '--db', file, '--out', out)).code).toBe(0);
    const t = createTestContext({ now: NOW + 86_400_000, workspace: { name: 'statement-ws', kind: 'remote', db: openTestWorkspaceDb(file) } });
    try {
      t.ctx.mode = 'browser';
      const downloads = new DownloadRegistry();
      t.ctx.extensions.set(DOWNLOADS_EXTENSION, downloads);
      const res = await callBilling(t.ctx, 'billing.statementPdf', { month: MONTH });
      if (res.delivery !== 'download') throw new Error('expected a download');
      const d = downloads.take(res.url.replace('/files/', ''), t.ctx.clock.now())!;
      expect(readFileSync(d.path).equals(readFileSync(out))).toBe(true);
      rmSync(d.path, { force: true });
    } finally {
      t.cleanup();
    }
  });
});
