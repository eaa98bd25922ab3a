import { describe, expect, it } from 'vitest';
import { exportPhone, FULL_PHONE_PATTERN, maskPhonesIn } from './phone-guard';

describe('maskPhonesIn', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['用户13812345678登录', '用户138****5678登录'],
    ['+8613812345678', '138****5678'],
    ['86 138 1234 5678', '138****5678'],
    ['tel: 138-1234-5678.', 'tel: 138****5678.'],
    ['a 13812345678 b 19912345678', 'a 138****5678 b 199****5678'],
  ])('masks %s', (input, out) => {
    expect(maskPhonesIn(input)).toBe(out);
    expect(maskPhonesIn(input)).not.toMatch(FULL_PHONE_PATTERN);
  });

  it.each([
    ['138****5678'],
    ['12345678901'], // not a mobile prefix
    ['20261115123456789012'], // part of a longer run of digits (a trace id)
    ['113812345678'],
    ['1381234567'],
    ['trace-abc'],
    [''],
  ])('leaves %s alone', (input) => {
    expect(maskPhonesIn(input)).toBe(input);
  });
});

describe('exportPhone', () => {
  it('keeps masked numbers, masks whole ones, blanks what it cannot vouch for', () => {
    expect(exportPhone('133****3333')).toBe('133****3333');
    expect(exportPhone('13312343333')).toBe('133****3333');
    expect(exportPhone('+86 133 1234 3333')).toBe('133****3333');
    expect(exportPhone('1331234')).toBe('***********');
    expect(exportPhone('not a phone')).toBe('***********');
    expect(exportPhone(null)).toBeNull();
    expect(exportPhone('')).toBe('');
  });
});
