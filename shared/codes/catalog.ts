// The whole catalogue: every transcribed table, in document order (seed 000 first). That order is
// also the tie-breaker of lookups, so the platform's own guide wins over the SDK documents.
import type { CodeEntry, CodeSource, CodeSourceId, CodeTable } from './types';
import { seed000Tables } from './tables/seed000';
import { seed001Tables } from './tables/seed001';
import { seed002Tables } from './tables/seed002';
import { seed003Tables } from './tables/seed003';
import { seed004Tables } from './tables/seed004';

const tables: readonly CodeTable[] = [...seed000Tables, ...seed001Tables, ...seed002Tables, ...seed003Tables, ...seed004Tables];

export const allCodes: readonly CodeEntry[] = Object.freeze(tables.flatMap((t) => t.entries));

export const codeSources: readonly CodeSource[] = Object.freeze(tables.map((t) => Object.freeze({ ...t.meta })));

const sourceRank = new Map<CodeSourceId, number>(codeSources.map((s, i) => [s.source, i]));

/** Position of a table in the catalogue (lower = earlier document/section). */
export function sourceOrder(source: CodeSourceId): number {
  return sourceRank.get(source) ?? Number.MAX_SAFE_INTEGER;
}

export function codeSource(source: CodeSourceId): CodeSource | undefined {
  return codeSources.find((s) => s.source === source);
}
