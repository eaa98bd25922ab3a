/**
 * Money inside the console is an integer number of thousandths of a yuan ("mills").
 * Conversions to and from the platform's decimal strings live here and nowhere else.
 */
export type Mills = number;

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d{1,3}))?$/;

/** "0.026" → 26, "500.00" → 500000. Refuses more than three decimals or floats. */
export function parseYuan(s: string): Mills {
  const m = DECIMAL_RE.exec(s);
  if (!m) throw new RangeError(`not a yuan amount with at most 3 decimals: ${JSON.stringify(s)}`);
  const mills = Number(m[2]) * 1000 + Number((m[3] ?? '').padEnd(3, '0'));
  if (!Number.isSafeInteger(mills)) throw new RangeError(`amount out of range: ${s}`);
  return m[1] ? -mills : mills;
}

/** Half-up (away from zero) rounding of mills to whole fen (10 mills). */
export function roundToFen(mills: Mills): Mills {
  const sign = mills < 0 ? -1 : 1;
  const abs = Math.abs(mills);
  const fen = Math.floor((abs + 5) / 10) * 10;
  return fen === 0 ? 0 : sign * fen;
}

/** 500000 → "500.00" (fen precision; the value must already be whole fen). */
export function formatFen(mills: Mills): string {
  if (mills % 10 !== 0) throw new RangeError(`not a whole fen: ${mills} mills`);
  return formatMills(mills).slice(0, -1);
}

/** 26 → "0.026": exact, three decimals. */
export function formatMills(mills: Mills): string {
  const sign = mills < 0 ? '-' : '';
  const abs = Math.abs(mills);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}
