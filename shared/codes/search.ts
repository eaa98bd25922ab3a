// Filtering the catalogue for the code dictionary view.
import type { Operator } from '../platform/domain';
import { allCodes } from './catalog';
import { findCodes, recordLookupOptions } from './lookup';
import type { CodeEntry, CodeKind, CodeSourceId, RecordCodeField } from './types';

export interface CodeSearchQuery {
  /** Matches a code prefix, or a substring of the Chinese meaning or the English gloss. */
  q?: string;
  source?: CodeSourceId;
  operator?: Operator;
  kind?: CodeKind;
  /**
   * Where the searched code was read: a record's field and operator. Exact matches then come in
   * the order `codes.lookup` decodes that field, so the entry the record means is the first row.
   */
  prefer?: { field?: RecordCodeField; operator?: Operator | null };
  limit?: number;
  offset?: number;
}

export interface CodeSearchResult {
  total: number;
  items: CodeEntry[];
}

// Seeds mix full- and half-width punctuation and put spaces anywhere ("token 请求" / "token请求"),
// so both sides are folded the same way before comparing.
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

// Folded on the first search, not when the module loads: every record reader imports the
// catalogue, and folding it all is a good part of a one-shot command's start (issue 13).
let foldedMeanings: Map<CodeEntry, string> | null = null;
function folded(): Map<CodeEntry, string> {
  foldedMeanings ??= new Map<CodeEntry, string>(allCodes.map((e) => [e, foldForSearch(`${e.meaning}\u0000${e.meaningEn ?? ''}`)]));
  return foldedMeanings;
}

/** The entries a record's code decodes to, best first, by position; null without a context. */
function preferredOrder(code: string, prefer: CodeSearchQuery['prefer']): Map<CodeEntry, number> | null {
  if (!prefer || code === '' || (prefer.field === undefined && !prefer.operator)) return null;
  const opts = prefer.field ? recordLookupOptions(prefer.field, prefer.operator) : { operator: prefer.operator ?? null };
  return new Map(findCodes(code, opts).map((e, i) => [e, i]));
}

/**
 * Entries matching every given filter. With `q`, exact code matches come first, then code-prefix
 * matches, then meaning matches; within each group the catalogue order holds, except that exact
 * matches follow `prefer`'s decoding when one is given.
 */
export function searchCodes(query: CodeSearchQuery = {}): CodeSearchResult {
  const limit = Math.max(0, Math.floor(query.limit ?? 50));
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const q = query.q?.trim() ?? '';
  const fq = foldForSearch(q);
  const meanings = folded();
  const exactOrder = preferredOrder(q, query.prefer);
  const ranked: { e: CodeEntry; rank: number; i: number }[] = [];
  allCodes.forEach((e, i) => {
    if (query.source !== undefined && e.source !== query.source) return;
    if (query.operator !== undefined && e.operator !== query.operator) return;
    if (query.kind !== undefined && e.kind !== query.kind) return;
    if (fq === '') {
      ranked.push({ e, rank: 0, i });
      return;
    }
    const code = e.code.toLowerCase();
    const rank = code === q.toLowerCase() ? 0 : code.startsWith(q.toLowerCase()) ? 1 : (meanings.get(e) ?? '').includes(fq) ? 2 : -1;
    // An exact match the context decodes to keeps its place in that decoding; the rest follow.
    if (rank === 0 && exactOrder) ranked.push({ e, rank, i: exactOrder.get(e) ?? exactOrder.size + i });
    else if (rank >= 0) ranked.push({ e, rank, i });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return { total: ranked.length, items: ranked.slice(offset, offset + limit).map((r) => r.e) };
}
