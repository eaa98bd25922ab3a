/** An alert in the user's language: its detail from the rule's template and numbers, and what it is about. */
import type { Alert } from '../../../shared/contract/alerts';

type T = (key: string, values?: Record<string, unknown>) => string;

const RATES = new Set(['failureRate', 'baselineRate', 'successRate', 'rate']);

export function alertDetail(t: T, a: Alert): string {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a.numbers))
    values[k] =
      typeof v === 'number' && RATES.has(k)
        ? `${(v * 100).toFixed(1)}%`
        : typeof v === 'string' && /T\d{2}:\d{2}/.test(v)
          ? v.slice(0, 16).replace('T', ' ')
          : v;
  if (typeof a.numbers.tierIndex === 'number') values.tier = a.numbers.tierIndex + 1;
  if (a.rule === 'syncStale' && a.numbers.staleMinutes !== undefined) return t('alerts.detail.syncStaleOld', values);
  return t(`alerts.detail.${a.rule}`, values);
}

export function alertAbout(a: Alert): string {
  const parts = [a.subject.appName ?? a.scope.app, a.scope.operator, a.scope.capability, a.subject.code, a.subject.packageId, a.subject.month].filter(
    (x): x is string => !!x,
  );
  return parts.join(' · ') || '—';
}
