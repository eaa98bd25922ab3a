import { describe, expect, it } from 'vitest';
import { formatCount } from './output';

describe('formatCount', () => {
  it('writes counts exactly as Intl.NumberFormat en-US does', () => {
    const intl = new Intl.NumberFormat('en-US');
    const values = [0, 7, 12, 999, 1000, 12_345, 999_999, 1_000_000, 1_234_567_890, Number.MAX_SAFE_INTEGER, -1, -1000, -9_876_543, 1.5, 1234.5678, 0.25];
    for (let i = 0; i < 200; i++) values.push(Math.floor(Math.random() * 10 ** (1 + (i % 15))));
    for (const v of values) expect(formatCount(v), String(v)).toBe(intl.format(v));
  });
});
