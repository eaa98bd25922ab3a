/**
 * Where a return code is looked up: the dictionary searched for the code. A carrier code's
 * operator goes along as `op`, a hint the dictionary highlights by — not a filter, because the
 * same code is also printed in operator-neutral tables (aggregator SDKs) that still apply.
 */
import type { LocationQueryRaw } from 'vue-router';
import type { Operator } from '../../../shared/platform/domain';

export function codeDictionaryLocation(code: string, operator?: Operator | null): { path: string; query: LocationQueryRaw } {
  return { path: '/codes', query: { q: code, ...(operator ? { op: operator } : {}) } };
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
