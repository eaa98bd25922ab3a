// Decoding one code seen on a record. A bare code is ambiguous ('200' is success on the platform
// but "token 无效" at China Unicom), so candidates are ranked by the caller's context.
import type { Operator } from '../platform/domain';
import { allCodes, sourceOrder } from './catalog';
import { codeKinds, type CodeEntry, type CodeKind, type RecordCodeField } from './types';
import { decodingOperator, fitsOperator } from './operator-fit';

export interface LookupOptions {
  /** The record's operator. Tables of OTHER operators are ruled out; operator-neutral tables stay. */
  operator?: Operator | null;
  /** Kinds to try first, best first. Other kinds still match, after these, in the default order. */
  preferKinds?: readonly CodeKind[];
}

/** Default order when the caller says nothing: the platform's server codes first (what `resultCode` holds). */
export const defaultKindOrder: readonly CodeKind[] = ['server', 'gateway-verify', 'gateway-login', 'carrier-sdk', 'sdk'];

const byCode = new Map<string, CodeEntry[]>();
for (const entry of allCodes) {
  const list = byCode.get(entry.code);
  if (list) list.push(entry);
  else byCode.set(entry.code, [entry]);
}

function kindRank(kind: CodeKind, prefer: readonly CodeKind[]): number {
  const i = prefer.indexOf(kind);
  if (i >= 0) return i;
  const d = defaultKindOrder.indexOf(kind);
  return prefer.length + (d >= 0 ? d : codeKinds.length);
}

/** Every entry for `code` that fits the context, best first. */
export function findCodes(code: string, opts: LookupOptions = {}): CodeEntry[] {
  const candidates = byCode.get(code.trim()) ?? [];
  const prefer = opts.preferKinds ?? [];
  const operator = opts.operator ?? null;
  return candidates
    .filter((e) => fitsOperator(e, operator))
    .map((e) => ({
      e,
      key: [kindRank(e.kind, prefer), operator !== null && e.operator === operator ? 0 : 1, sourceOrder(e.source)] as const,
    }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2])
    .map((x) => x.e);
}

/** The best entry for `code` in this context, or null when no table knows it. */
export function lookupCode(code: string, opts: LookupOptions = {}): CodeEntry | null {
  return findCodes(code, opts)[0] ?? null;
}

const kindsByField: Record<RecordCodeField, readonly CodeKind[]> = {
  // The platform's own codes (seed 000 §4.8), then its gateway results (verify 000/001/002…, token 104201…).
  resultCode: ['server', 'gateway-verify', 'gateway-login'],
  // The carrier's own code: that operator's carrier tables first.
  carrierCode: ['carrier-sdk', 'gateway-login', 'gateway-verify', 'sdk'],
};

/** Lookup options for decoding one field of an auth record. */
export function recordLookupOptions(field: RecordCodeField, operator?: Operator | null): LookupOptions {
  return { preferKinds: kindsByField[field], operator: decodingOperator(field, operator) };
}

/** Decodes an auth record's `resultCode`: platform server codes first, then the gateway result codes. */
export function lookupResultCode(code: string): CodeEntry | null {
  return lookupCode(code, recordLookupOptions('resultCode'));
}

/** Decodes an auth record's `carrierCode`: that operator's carrier tables first. */
export function lookupCarrierCode(code: string, operator?: Operator | null): CodeEntry | null {
  return lookupCode(code, recordLookupOptions('carrierCode', operator));
}
