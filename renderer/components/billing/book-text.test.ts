import { beforeEach, describe, expect, it } from 'vitest';
import { applyLocale, i18n } from '../../i18n';
import { BUILT_IN_BOOKS } from '../../../shared/billing/price-books';
import { bookName, bookNameById, bookSource } from './book-text';

const t = i18n.global.t;

describe('book text', () => {
  beforeEach(() => applyLocale('en-US'));

  it('shows a shipped book in the reader’s language and anybody else’s words as written', () => {
    const aliyun = BUILT_IN_BOOKS['aliyun-dypns'];
    expect(aliyun.name).toMatch(/\p{Script=Han}/u);
    expect(bookName(t, aliyun)).toBe('Alibaba Cloud Phone Number Verification Service');
    expect(bookSource(t, aliyun)).not.toMatch(/\p{Script=Han}/u);
    // A workspace's synced book under a built-in id, and a user's copy: their own text.
    expect(bookName(t, { ...aliyun, name: '阿里云 协议价' })).toBe('阿里云 协议价');
    expect(bookSource(t, { ...aliyun, source: 'contract 2026-07' })).toBe('contract 2026-07');
    expect(bookName(t, { id: 'custom-1', name: aliyun.name })).toBe(aliyun.name);
    // By id among a list: the same words, or the id while the list does not hold it.
    expect(bookNameById(t, [aliyun], 'aliyun-dypns')).toBe('Alibaba Cloud Phone Number Verification Service');
    expect(bookNameById(t, [aliyun], 'tencent')).toBe('tencent');
    expect(bookNameById(t, undefined, 'onetap')).toBe('onetap');
    applyLocale('zh-CN');
    expect(bookName(t, BUILT_IN_BOOKS.onetap)).toBe(BUILT_IN_BOOKS.onetap.name);
    expect(bookName(t, BUILT_IN_BOOKS.tencent)).toBe(BUILT_IN_BOOKS.tencent.name);
  });
});
