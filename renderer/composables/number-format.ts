/** Locale-aware number formatting; formatters are built once per locale (Intl is slow to construct). */
const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${key}`;
  let f = cache.get(id);
  if (!f) cache.set(id, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

export const MISSING = '—';

/** 1234567 → "1,234,567". */
export function formatInteger(n: number | null | undefined, locale: string): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return MISSING;
  return formatter(locale, 'int', { maximumFractionDigits: 0 }).format(n);
}

/** 0.9734 → "97.3%" (ratio in, percent out). */
export function formatPercent(ratio: number | null | undefined, locale: string, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return MISSING;
  return formatter(locale, `pct${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

/** 123456 → "12.3万" in zh-CN, "123K" in en-US: for KPI cards and axis labels. */
export function formatCompactNumber(n: number | null | undefined, locale: string): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return MISSING;
  return formatter(locale, 'compact', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

// Byte sizes are formatted the same in the console and on the command line.
export { formatBytes } from '../../shared/format/bytes';
