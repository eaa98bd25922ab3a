/** The formatting helpers bound to the language on screen, so templates re-render on a switch. */
import { useI18n } from 'vue-i18n';
import type { Mills } from '../../shared/money/mills';
import { formatCompactNumber, formatInteger, formatPercent } from './number-format';
import { formatMillsAsYuan, formatYuanString } from './money-format';
import { formatRelativeTime, formatShanghaiDate, formatShanghaiDateTime, formatShanghaiMinute, formatShanghaiTime, type Instant } from './shanghai-time-format';

export function useFormatters() {
  const { locale } = useI18n();
  return {
    integer: (n: number | null | undefined) => formatInteger(n, locale.value),
    percent: (ratio: number | null | undefined, digits?: number) => formatPercent(ratio, locale.value, digits),
    compact: (n: number | null | undefined) => formatCompactNumber(n, locale.value),
    yuan: (amount: string | null | undefined) => formatYuanString(amount),
    mills: (m: Mills | null | undefined) => formatMillsAsYuan(m),
    dateTime: (t: Instant | null | undefined) => formatShanghaiDateTime(t),
    minute: (t: Instant | null | undefined) => formatShanghaiMinute(t),
    date: (t: Instant | null | undefined) => formatShanghaiDate(t),
    time: (t: Instant | null | undefined) => formatShanghaiTime(t),
    relative: (t: Instant | null | undefined, now: number = Date.now()) => formatRelativeTime(t, now, locale.value),
  };
}

/**
 * Builds the formatters a first view shows its figures with, ahead of the figures. The first Intl
 * formatter of a page costs tens of milliseconds whatever its kind, locale or options (ICU getting
 * ready; later ones take about one), so it is paid while the view's data is on its way rather than
 * between the data arriving and the cards being drawn. Each is cached where it is built.
 */
export function prepareFormatters(locale: string): void {
  formatInteger(0, locale);
  formatPercent(0, locale);
  formatCompactNumber(0, locale);
  formatRelativeTime(0, 0, locale);
}
