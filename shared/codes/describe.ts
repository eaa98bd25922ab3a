// One wording of a failed record's reason for every door (the records table, its drawer, the CLI):
// the platform's own description, then the carrier's meaning only when it says something more.
import type { Operator } from '../platform/domain';
import { lookupCarrierCode, lookupResultCode } from './lookup';
import { codeMeaning } from './meaning';

export interface FailureSource {
  resultCode: string;
  /** The platform's own (Chinese) description sent with the record. */
  description: string;
  operator: Operator;
  carrierCode: string | null;
}

const norm = (s: string): string => s.replace(/[\s（）()·,，。.]/g, '').toLowerCase();

/** True when `extra` adds nothing to `base` (same words, or already contained in it). */
function redundant(base: string, extra: string): boolean {
  const a = norm(base);
  const b = norm(extra);
  return b === '' || a.includes(b);
}

/**
 * The reason of a failed record in `lang`. In Chinese: the record's description, plus the carrier
 * meaning in brackets when it differs ("移动取号失败（移动取号失败）" never happens). In English: the
 * dictionary's English meaning of the result code (the platform's Chinese text when the code is
 * unknown), plus the carrier code's English meaning when it differs.
 */
export function describeFailure(r: FailureSource, lang: 'zh-CN' | 'en-US'): string {
  const en = lang === 'en-US';
  const result = lookupResultCode(r.resultCode);
  const base = en ? (result?.meaningEn ?? r.description) : r.description || (result ? codeMeaning(result, lang) : '');
  const carrier = r.carrierCode ? lookupCarrierCode(r.carrierCode, r.operator) : null;
  const extra = carrier ? codeMeaning(carrier, lang) : '';
  if (!extra || redundant(base, extra)) return base;
  if (!base) return extra;
  return en ? `${base} (${extra})` : `${base}（${extra}）`;
}
