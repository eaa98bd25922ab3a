/**
 * Where a return code is looked up: the dictionary searched for the code. The record field it was
 * read from goes along as `field`, and a carrier code's operator as `op`: the dictionary lists the
 * entry that field decodes to first and highlights by the operator — not a filter, because the
 * same code is also printed in operator-neutral tables (aggregator SDKs) that still apply.
 */
import type { LocationQueryRaw } from 'vue-router';
import type { RecordCodeField } from '../../../shared/codes/types';
import type { Operator } from '../../../shared/platform/domain';

export function codeDictionaryLocation(code: string, field?: RecordCodeField, operator?: Operator | null): { path: string; query: LocationQueryRaw } {
  return { path: '/codes', query: { q: code, ...(field ? { field } : {}), ...(operator ? { op: operator } : {}) } };
}

/** A failure group's code in the dictionary: its carrier code when it has one, else its result code. */
export function failureCodeLocation(c: { resultCode: string; carrierCode: string | null; operator: Operator | null }): {
  path: string;
  query: LocationQueryRaw;
} {
  return c.carrierCode ? codeDictionaryLocation(c.carrierCode, 'carrierCode', c.operator) : codeDictionaryLocation(c.resultCode, 'resultCode', c.operator);
}

/** The failure triage of a code (with its operator and app), or of one failed record. */
export function triageLocation(t: { code?: string; operator?: Operator | null; app?: string | null; seq?: number }): { path: string; query: LocationQueryRaw } {
  return {
    path: '/toolkit/triage',
    query: {
      ...(t.code ? { code: t.code } : {}),
      ...(t.operator ? { op: t.operator } : {}),
      ...(t.app ? { app: t.app } : {}),
      ...(t.seq !== undefined ? { seq: String(t.seq) } : {}),
    },
  };
}
