/**
 * `onetap books …` and `bill quote --book` with a user's book: a negotiated book added from a
 * file, listed and shown, priced by name, chosen for a workspace and billed with; a refused file
 * exits 1 naming each field and keeps nothing; built-in books stay read-only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onetap } from '../testing/run-in-process';

let dir: string;
let data: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-books-'));
  data = join(dir, 'data');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const book = {
  name: '阿里云 协议价 2026',
  provider: 'aliyun-dypns',
  model: 'all-units',
  tiers: [
    { from: 0, to: 100_000, unitPriceMills: 38 },
    { from: 100_000, to: null, unitPriceMills: 33 },
  ],
  packages: [{ calls: 100_000, priceMills: 3_000_000, months: 12 }],
  source: '合同 HT-2026-017 附件二',
  effectiveDate: '2026-10-01',
};

describe('onetap books', () => {
  it('refuses a bad book file naming each field, keeping nothing', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ ...book, tiers: [book.tiers[0], { ...book.tiers[1], from: 100_500, unitPriceMills: -3 }], effectiveDate: '2026-13-01' }),
    );
    const r = await onetap('books', 'add', '--file', bad, '--data-dir', data, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('tiers.1.from');
    expect(r.stdout + r.stderr).toContain('tiers.1.unitPriceMills');
    expect(r.stdout + r.stderr).toContain('effectiveDate');
    writeFileSync(bad, '{ not json');
    expect((await onetap('books', 'add', '--file', bad, '--data-dir', data)).code).toBe(2);
    const list = JSON.parse((await onetap('books', 'list', '--data-dir', data, '--json')).stdout) as { books: { id: string }[] };
    expect(list.books.map((b) => b.id)).toEqual(['onetap', 'aliyun-dypns', 'tencent']);
    expect((await onetap('books', 'delete', 'aliyun-dypns', '--data-dir', data)).code).toBe(1);
  });

  it('adds a negotiated book, prices with it by name, and lets a workspace bill with it', async () => {
    const file = join(dir, 'book.json');
    writeFileSync(file, JSON.stringify(book));
    const added = await onetap('books', 'add', '--file', file, '--data-dir', data, '--json');
    expect(added.code).toBe(0);
    const saved = JSON.parse(added.stdout) as { id: string; custom: boolean };
    expect(saved.custom).toBe(true);

    const shown = JSON.parse((await onetap('books', 'show', book.name, '--data-dir', data, '--json')).stdout) as { id: string };
    expect(shown).toMatchObject({ ...book, id: saved.id });

    // 100,001 calls, all units: every call at 0.033 (the total lands in the second tier).
    const q = await onetap('bill', 'quote', '--calls', '100001', '--book', book.name, '--data-dir', data, '--json');
    expect(q.code).toBe(0);
    expect(JSON.parse(q.stdout)).toMatchObject({ book: saved.id, model: 'all-units', charged: 100_001, amount: '3300.03' });

    const used = await onetap('books', 'use', saved.id, '--workspace', '阿里云演示', '--data-dir', data, '--json');
    expect(used.code).toBe(0);
    expect(JSON.parse(used.stdout)).toMatchObject({ workspace: 'demo-aliyun', provider: 'aliyun-dypns', chosen: [{ id: saved.id }] });
    // Not for our platform's workspace: the book names Alibaba Cloud.
    expect((await onetap('books', 'use', saved.id, '--workspace', 'demo', '--data-dir', data)).code).not.toBe(0);
    // In use: not deleted until the workspace lets it go.
    expect((await onetap('books', 'delete', saved.id, '--data-dir', data)).code).toBe(1);
    expect((await onetap('books', 'use', '--workspace', 'demo-aliyun', '--data-dir', data)).code).toBe(0);
    expect((await onetap('books', 'delete', saved.id, '--data-dir', data)).code).toBe(0);
  });
});
