import { describe, expect, it } from 'vitest';
import { formatFen, formatMills, parseYuan, roundToFen } from './mills';

describe('mills', () => {
  it('parses decimal yuan strings exactly', () => {
    expect(parseYuan('0.026')).toBe(26);
    expect(parseYuan('500.00')).toBe(500_000);
    expect(parseYuan('12')).toBe(12_000);
    expect(parseYuan('0.5')).toBe(500);
    expect(parseYuan('-1.234')).toBe(-1234);
  });

  it('refuses floats with more than three decimals and junk', () => {
    for (const bad of ['0.0261', '1e3', '', ' 1.00', '1,00', 'NaN']) expect(() => parseYuan(bad)).toThrow(RangeError);
  });

  it('rounds half-up to the fen once', () => {
    expect(roundToFen(1234)).toBe(1230);
    expect(roundToFen(1235)).toBe(1240);
    expect(roundToFen(1239)).toBe(1240);
    expect(roundToFen(5)).toBe(10);
    expect(roundToFen(4)).toBe(0);
    expect(roundToFen(-1235)).toBe(-1240);
  });

  it('formats mills and fen', () => {
    expect(formatMills(26)).toBe('0.026');
    expect(formatMills(500_000)).toBe('500.000');
    expect(formatFen(500_000)).toBe('500.00');
    expect(formatFen(1240)).toBe('1.24');
    expect(formatFen(-1240)).toBe('-1.24');
    expect(() => formatFen(1235)).toThrow(RangeError);
  });
});
