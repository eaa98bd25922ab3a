/**
 * A records filter in words, for the history table and the manifest viewer: one short label
 * per term ("中国移动", "失败码 10500", "自 2026-11-01"), or "all records" for none.
 */
import type { RecordsFilter } from '../../../shared/contract/records-filter';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export function filterTerms(filter: RecordsFilter, t: Translate, appName: (idOrAppId: string) => string = (v) => v): string[] {
  const terms: string[] = [];
  if (filter.app) terms.push(t('audit.filter.app', { v: appName(filter.app) }));
  if (filter.appName) terms.push(t('audit.filter.appName', { v: filter.appName }));
  if (filter.operator) terms.push(t(`records.operator.${filter.operator}`));
  if (filter.capability) terms.push(t(`records.capability.${filter.capability}`));
  if (filter.result) terms.push(t(`records.result.${filter.result}`));
  if (filter.code) terms.push(t('audit.filter.code', { v: filter.code }));
  if (filter.from) terms.push(t('audit.filter.from', { v: filter.from }));
  if (filter.to) terms.push(t('audit.filter.to', { v: filter.to }));
  return terms.length ? terms : [t('audit.filter.all')];
}

// File sizes are formatted where every view can reach them.
export { formatBytes } from '../../composables/number-format';
