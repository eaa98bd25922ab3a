/** An alert in the user's language: its detail from the rule's template and numbers, and what it is about. */
import { detailKey, detailValues } from '../../../shared/alerts/detail-text';
import type { Alert } from '../../../shared/contract/alerts';

type T = (key: string, values?: Record<string, unknown>) => string;

export function alertDetail(t: T, a: Alert): string {
  return t(`alerts.detail.${detailKey(a)}`, detailValues(a));
}

export function alertAbout(a: Alert): string {
  const parts = [a.subject.appName ?? a.scope.app, a.scope.operator, a.scope.capability, a.subject.code, a.subject.packageId, a.subject.month].filter(
    (x): x is string => !!x,
  );
  return parts.join(' · ') || '—';
}
