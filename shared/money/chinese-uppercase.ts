/**
 * 大写金额: an amount in the capital numerals Chinese finance documents carry beside the figures
 * (票据和结算凭证填写规范): 零壹贰叁肆伍陆柒捌玖, 拾佰仟 within a group of four digits, 万 and 亿
 * between groups; one 零 stands for any run of zeros inside the number; 元 ends the yuan, then
 * 角 and 分; 整 closes an amount without fen. Works on the exact decimal string, never a float.
 */
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const IN_GROUP = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];
const AMOUNT_RE = /^(-)?(\d+)(?:\.(\d{1,3}))?$/;

function integerWords(digits: string): string {
  const n = digits.replace(/^0+/, '');
  if (n === '') return '';
  if (n.length > 16) throw new RangeError(`amount too large for 大写: ${digits}`);
  let out = '';
  let zero = false;
  const groups = Math.ceil(n.length / 4);
  const padded = n.padStart(groups * 4, '0');
  for (let g = 0; g < groups; g++) {
    const group = padded.slice(g * 4, g * 4 + 4);
    if (group === '0000') {
      if (out) zero = true;
      continue;
    }
    for (let i = 0; i < 4; i++) {
      const d = group.charCodeAt(i) - 48;
      if (d === 0) {
        if (out) zero = true;
        continue;
      }
      if (zero) out += '零';
      zero = false;
      out += DIGITS[d]! + IN_GROUP[3 - i]!;
    }
    out += GROUPS[groups - 1 - g]!;
    // Zeros that end a group are said by its unit (壹拾万柒仟, not 壹拾万零柒仟); the next group's leading zeros still count.
    zero = false;
  }
  return out;
}

/** "12345.67" → "壹万贰仟叁佰肆拾伍元陆角柒分"; "0" → "零元整". Mills beyond the fen must be rounded first. */
export function chineseUppercaseAmount(amount: string): string {
  const m = AMOUNT_RE.exec(amount.trim());
  if (!m) throw new RangeError(`not a decimal amount: ${amount}`);
  const decimals = (m[3] ?? '').padEnd(3, '0');
  if (decimals[2] !== '0') throw new RangeError(`大写 needs an amount rounded to the fen: ${amount}`);
  const jiao = decimals.charCodeAt(0) - 48;
  const fen = decimals.charCodeAt(1) - 48;
  const yuan = integerWords(m[2]!);
  let out = m[1] && (yuan || jiao || fen) ? '负' : '';
  if (!yuan && !jiao && !fen) return '零元整';
  if (yuan) out += `${yuan}元`;
  if (jiao) out += `${DIGITS[jiao]}角`;
  else if (yuan && fen) out += '零';
  out += fen ? `${DIGITS[fen]}分` : '整';
  return out;
}
