import { describe, expect, it } from 'vitest';
import { allCodes, findCodes, foldForSearch, recordLookupOptions, searchCodes } from './index';

describe('searchCodes', () => {
  it('lists the whole catalogue in order without filters, paged', () => {
    const all = searchCodes({ limit: 10_000 });
    expect(all.total).toBe(allCodes.length);
    expect(all.items).toEqual([...allCodes]);
    const page = searchCodes({ limit: 20, offset: 40 });
    expect(page.total).toBe(allCodes.length);
    expect(page.items).toEqual(allCodes.slice(40, 60));
    expect(searchCodes({ offset: allCodes.length }).items).toEqual([]);
    expect(searchCodes().items).toHaveLength(50);
  });

  it('matches a code prefix, exact matches first', () => {
    const r = searchCodes({ q: '200', limit: 500 });
    expect(r.items.slice(0, 3).every((e) => e.code === '200')).toBe(true);
    expect(r.items.some((e) => e.code === '200087')).toBe(true);
    const prefix = searchCodes({ q: '1039', limit: 500 });
    expect(prefix.total).toBeGreaterThan(0);
    for (const e of prefix.items) expect(e.code.startsWith('1039') || foldForSearch(e.meaning).includes('1039')).toBe(true);
    expect(searchCodes({ q: '-2010', limit: 500 }).items.map((e) => `${e.source}:${e.code}`)).toEqual([
      'seed001-8.1:-20101',
      'seed001-8.1:-20102',
      'seed001-8.2.2:-20100',
      'seed001-8.2.2:-20102',
    ]);
  });

  it('matches a Chinese substring, ignoring spaces and full/half-width differences', () => {
    const r = searchCodes({ q: '取号失败', limit: 500 });
    expect(r.items.every((e) => e.meaning.includes('取号失败'))).toBe(true);
    expect(r.items.some((e) => e.source === 'seed000-4.6.2' && e.code === '3010')).toBe(true);
    expect(r.total).toBe(allCodes.filter((e) => e.meaning.includes('取号失败')).length);
    const spaced = searchCodes({ q: 'token请求过于频繁', limit: 500 });
    expect(spaced.items.some((e) => e.source === 'seed000-4.6.1' && e.code === '103911')).toBe(true);
    // 002 §5 prints "(READ_PHONE_STATE)" in ASCII brackets, 004 §6.1 in full-width ones.
    const sources = searchCodes({ q: '（READ_PHONE_STATE）', limit: 500 }).items.map((e) => e.source);
    expect(sources).toEqual(expect.arrayContaining(['seed002-5', 'seed004-6.1', 'seed001-8.2.1']));
  });

  it('matches the English gloss case-insensitively', () => {
    const r = searchCodes({ q: 'TOKEN VALIDATION FAILED', limit: 500 });
    expect(r.items.map((e) => `${e.source}:${e.code}`)).toContain('seed000-4.8:10105');
  });

  it('combines q with source, operator and kind filters', () => {
    const cucc = searchCodes({ q: '取号', operator: 'CUCC', limit: 500 });
    expect(cucc.total).toBeGreaterThan(0);
    expect(cucc.items.every((e) => e.operator === 'CUCC')).toBe(true);
    const server = searchCodes({ kind: 'server', limit: 500 });
    expect(server.items.map((e) => e.code)).toEqual([
      '200',
      '10101',
      '10102',
      '10103',
      '10104',
      '10105',
      '10106',
      '10107',
      '10201',
      '10202',
      '10301',
      '10302',
      '10303',
      '10304',
      '10500',
    ]);
    const verify = searchCodes({ source: 'seed004-6.3', q: '00', limit: 500 });
    expect(verify.items.map((e) => e.code)).toEqual(['000', '001', '002', '003', '004']);
    expect(searchCodes({ source: 'seed000-4.8', operator: 'CMCC' }).total).toBe(0);
  });

  it("puts first the exact match a record's field and operator decode to, as codes.lookup ranks them", () => {
    // '302' is China Unicom's "IP 未授权" before China Mobile's "sign校验失败" in catalogue order.
    const plain = searchCodes({ q: '302', limit: 500 });
    expect(plain.items[0]?.operator).toBe('CUCC');
    for (const operator of ['CMCC', 'CUCC'] as const) {
      const ranked = searchCodes({ q: '302', prefer: { field: 'carrierCode', operator }, limit: 500 });
      const decoded = findCodes('302', recordLookupOptions('carrierCode', operator));
      expect(decoded.length).toBeGreaterThan(0);
      expect(ranked.items.slice(0, decoded.length)).toEqual(decoded);
      // Reordered, never filtered: the same entries as without the context.
      expect(ranked.total).toBe(plain.total);
      expect(new Set(ranked.items)).toEqual(new Set(plain.items));
    }
    // Prefix and meaning matches still follow every exact match.
    const prefix = searchCodes({ q: '200', prefer: { field: 'carrierCode', operator: 'CUCC' }, limit: 500 }).items;
    const firstOther = prefix.findIndex((e) => e.code !== '200');
    expect(firstOther).toBeGreaterThan(0);
    expect(prefix.slice(firstOther).every((e) => e.code !== '200')).toBe(true);
    expect(prefix[0]).toEqual(findCodes('200', recordLookupOptions('carrierCode', 'CUCC'))[0]);
  });

  it('treats a blank q as no q', () => {
    expect(searchCodes({ q: '   ' }).total).toBe(allCodes.length);
  });
});
