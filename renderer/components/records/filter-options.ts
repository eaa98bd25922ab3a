/** What the filter bars share: the operators in the seed's order and an app's label, in the records messages' words. */
import type { AppOption } from '../../../shared/contract/records';
import type { Operator } from '../../../shared/platform/domain';

type T = (key: string) => string;

// Seed order: 中国移动、中国电信、中国联通.
const operatorOrder: readonly Operator[] = ['CMCC', 'CTCC', 'CUCC'];

export function operatorOptions(t: T): { value: Operator; label: string }[] {
  return operatorOrder.map((o) => ({ value: o, label: t(`records.operator.${o}`) }));
}

/** The app's name and AppId, and whether it was deleted (its records and alerts stay). */
export function appOptionLabel(t: T, a: AppOption): string {
  return `${a.name}${a.appId ? ` · ${a.appId}` : ''}${a.status === 'deleted' ? ` ${t('records.filters.deleted')}` : ''}`;
}
