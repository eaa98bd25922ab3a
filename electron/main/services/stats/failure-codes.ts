/**
 * Failure codes counted for a filter, decoded from the return-code dictionary. A code is the
 * platform result code with the carrier code under it; a carrier code belongs to its operator
 * (the same digits mean different things at different carriers), a bare platform code does not.
 */
import { codeMeaning, lookupCarrierCode, lookupResultCode } from '../../../../shared/codes';
import type { FailureCode } from '../../../../shared/contract/stats';
import type { Operator } from '../../../../shared/platform/domain';
import type { Db } from '../db/open';
import { aggregate, type Dim } from '../records/aggregate';
import type { ResolvedFilter } from '../records/resolve-filter';

export interface CountedCode extends FailureCode {
  /** Failures per group key (when grouped). */
  byGroup: Map<string, number>;
}

export function codeKey(c: { resultCode: string; carrierCode: string; operator: Operator | null }): string {
  return `${c.resultCode}|${c.carrierCode}|${c.operator ?? ''}`;
}

/** Every failure code of the filter with its count, most frequent first (ties by code). */
export function countFailureCodes(db: Db, f: ResolvedFilter, groupBy: Dim | null = null): CountedCode[] {
  const by: Dim[] = ['resultCode', 'carrierCode', 'operator'];
  if (groupBy !== null && groupBy !== 'operator') by.push(groupBy);
  const codes = new Map<string, CountedCode>();
  for (const row of aggregate(db, f, by)) {
    const [resultCode, carrierCode, op] = row.keys as [string, string, Operator, ...(string | number)[]];
    const operator = carrierCode === '' ? null : op;
    const k = codeKey({ resultCode, carrierCode, operator });
    let c = codes.get(k);
    if (!c) {
      const rm = lookupResultCode(resultCode);
      const cm = carrierCode === '' ? null : lookupCarrierCode(carrierCode, operator);
      c = {
        resultCode,
        carrierCode,
        operator,
        failures: 0,
        resultMeaning: rm ? codeMeaning(rm, 'zh-CN') : null,
        resultMeaningEn: rm?.meaningEn ?? null,
        carrierMeaning: cm ? codeMeaning(cm, 'zh-CN') : null,
        carrierMeaningEn: cm?.meaningEn ?? null,
        byGroup: new Map(),
      };
      codes.set(k, c);
    }
    c.failures += row.calls;
    if (groupBy !== null) {
      const g = String(groupBy === 'operator' ? op : row.keys[3]);
      c.byGroup.set(g, (c.byGroup.get(g) ?? 0) + row.calls);
    }
  }
  return [...codes.values()].sort((a, b) => b.failures - a.failures || codeKey(a).localeCompare(codeKey(b)));
}

export function withoutGroups(c: CountedCode): FailureCode {
  const { byGroup: _byGroup, ...rest } = c;
  return rest;
}
