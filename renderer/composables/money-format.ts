/**
 * Money on screen. Amounts arrive as integer mills or as exact decimal yuan strings and are
 * never turned into floats: digits are grouped as text so "0.026" stays "0.026".
 */
import { formatMills, type Mills } from '../../shared/money/mills';
import { MISSING } from './number-format';

const YUAN_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1234567.5" → "¥1,234,567.5"; anything that is not a plain decimal is shown as it came. */
export function formatYuanString(amount: string | null | undefined, opts: { symbol?: boolean } = {}): string {
  if (amount === null || amount === undefined || amount === '') return MISSING;
  const m = YUAN_RE.exec(amount.trim());
  if (!m) return amount;
  const symbol = opts.symbol === false ? '' : '¥';
  return `${m[1] ?? ''}${symbol}${groupThousands(m[2]!)}${m[3] !== undefined ? `.${m[3]}` : ''}`;
}

/** 500000 → "¥500.00", 26 → "¥0.026": fen precision when the amount is whole fen, else mills. */
export function formatMillsAsYuan(mills: Mills | null | undefined, opts: { symbol?: boolean } = {}): string {
  if (mills === null || mills === undefined || !Number.isSafeInteger(mills)) return MISSING;
  const exact = formatMills(mills);
  return formatYuanString(mills % 10 === 0 ? exact.slice(0, -1) : exact, opts);
}
