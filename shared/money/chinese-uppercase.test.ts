import { describe, expect, it } from 'vitest';
import { chineseUppercaseAmount } from './chinese-uppercase';

describe('大写金额', () => {
  // Worked examples of the bank-form rules (one 零 per run of zeros, 整 without fen).
  it.each([
    ['0', '零元整'],
    ['0.00', '零元整'],
    ['0.05', '伍分'],
    ['0.50', '伍角整'],
    ['1', '壹元整'],
    ['10', '壹拾元整'],
    ['1010.00', '壹仟零壹拾元整'],
    ['1409.50', '壹仟肆佰零玖元伍角整'],
    ['6007.14', '陆仟零柒元壹角肆分'],
    ['1680.32', '壹仟陆佰捌拾元叁角贰分'],
    ['107000.53', '壹拾万柒仟元伍角叁分'],
    ['100005', '壹拾万零伍元整'],
    ['12345.67', '壹万贰仟叁佰肆拾伍元陆角柒分'],
    ['10000.01', '壹万元零壹分'],
    ['100000000', '壹亿元整'],
    ['100000001.10', '壹亿零壹元壹角整'],
    ['2030405060.70', '贰拾亿叁仟零肆拾万伍仟零陆拾元柒角整'],
    ['-3.20', '负叁元贰角整'],
  ])('%s → %s', (amount, words) => {
    expect(chineseUppercaseAmount(amount)).toBe(words);
  });

  it('refuses what is not an amount to the fen', () => {
    expect(() => chineseUppercaseAmount('1.234')).toThrow(RangeError);
    expect(() => chineseUppercaseAmount('1e5')).toThrow(RangeError);
  });
});
