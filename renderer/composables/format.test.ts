import { describe, expect, it } from 'vitest';
import { formatCompactNumber, formatInteger, formatPercent, MISSING } from './number-format';
import { formatMillsAsYuan, formatYuanString } from './money-format';
import { formatRelativeTime, formatShanghaiDate, formatShanghaiDateTime, formatShanghaiMinute, formatShanghaiTime } from './shanghai-time-format';

describe('number formatting', () => {
  it('groups integers and shows a dash for missing values', () => {
    expect(formatInteger(1234567, 'zh-CN')).toBe('1,234,567');
    expect(formatInteger(1234567, 'en-US')).toBe('1,234,567');
    expect(formatInteger(null, 'zh-CN')).toBe(MISSING);
    expect(formatInteger(Number.NaN, 'zh-CN')).toBe(MISSING);
  });

  it('formats ratios as percentages with fixed digits', () => {
    expect(formatPercent(0.9734, 'en-US')).toBe('97.3%');
    expect(formatPercent(1, 'zh-CN', 2)).toBe('100.00%');
    expect(formatPercent(undefined, 'zh-CN')).toBe(MISSING);
  });

  it('compacts large numbers the way each language counts', () => {
    expect(formatCompactNumber(123456, 'zh-CN')).toBe('12.3万');
    expect(formatCompactNumber(123456, 'en-US')).toBe('123.5K');
  });
});

describe('money formatting', () => {
  it('groups yuan strings as text, keeping every decimal', () => {
    expect(formatYuanString('1234567.50')).toBe('¥1,234,567.50');
    expect(formatYuanString('0.026')).toBe('¥0.026');
    expect(formatYuanString('-500.00')).toBe('-¥500.00');
    expect(formatYuanString('999', { symbol: false })).toBe('999');
    expect(formatYuanString('n/a')).toBe('n/a');
    expect(formatYuanString('')).toBe(MISSING);
  });

  it('shows mills at fen precision when whole fen, else to the mill', () => {
    expect(formatMillsAsYuan(500_000)).toBe('¥500.00');
    expect(formatMillsAsYuan(26)).toBe('¥0.026');
    expect(formatMillsAsYuan(1_234_567_890)).toBe('¥1,234,567.89');
    expect(formatMillsAsYuan(-10)).toBe('-¥0.01');
    expect(formatMillsAsYuan(1.5)).toBe(MISSING);
  });
});

describe('Shanghai time formatting', () => {
  // 2026-11-21T16:30:05Z is 2026-11-22 00:30:05 in Shanghai: the day differs from UTC's.
  const t = Date.UTC(2026, 10, 21, 16, 30, 5);

  it('shows Beijing wall-clock time whatever the machine zone', () => {
    expect(formatShanghaiDateTime(t)).toBe('2026-11-22 00:30:05');
    expect(formatShanghaiMinute(t)).toBe('2026-11-22 00:30');
    expect(formatShanghaiDate(t)).toBe('2026-11-22');
    expect(formatShanghaiTime(t)).toBe('00:30:05');
    expect(formatShanghaiDateTime('2026-11-21T16:30:05Z')).toBe('2026-11-22 00:30:05');
    expect(formatShanghaiDateTime(new Date(t))).toBe('2026-11-22 00:30:05');
  });

  it('shows a dash for what is not a time', () => {
    expect(formatShanghaiDateTime('yesterday')).toBe(MISSING);
    expect(formatShanghaiDate(null)).toBe(MISSING);
    expect(formatShanghaiMinute(undefined)).toBe(MISSING);
  });

  it('says how long ago in the chosen language', () => {
    expect(formatRelativeTime(t - 3 * 60_000, t, 'en-US')).toBe('3 minutes ago');
    expect(formatRelativeTime(t - 3 * 60_000, t, 'zh-CN')).toBe('3分钟前');
    expect(formatRelativeTime(t - 86_400_000, t, 'en-US')).toBe('yesterday');
  });

  it('never says a time is in the future (a stamp ahead of the clock reads "now")', () => {
    expect(formatRelativeTime(t + 8_000, t, 'zh-CN')).toBe('现在');
    expect(formatRelativeTime(t + 8_000, t, 'en-US')).toBe('now');
    expect(formatRelativeTime(t + 2 * 3_600_000, t, 'en-US')).toBe('now');
    for (const ahead of [1, 999, 59_000, 86_400_000 * 3]) expect(formatRelativeTime(t + ahead, t, 'zh-CN')).not.toMatch(/后/);
  });
});
