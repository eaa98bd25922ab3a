import type { Operator } from '../platform/domain';

/**
 * Which layer a code comes from. Small on purpose: the view filters on it, and lookups
 * rank by it (a record's `resultCode` is a platform server code, its `carrierCode` a carrier one).
 */
export const codeKinds = [
  /** The one-click platform's server codes (seed 000 §4.8) — what `AuthRecord.resultCode` carries. */
  'server',
  /** A carrier's own SDK/gateway codes as relayed by an aggregator (seed 000 §4.6, seed 001 §8.2). */
  'carrier-sdk',
  /** Client SDK codes: aggregator SDKs (seed 000 §4.7, seed 001 §7–8.1) and China Mobile's SDK (002, 003 §4.1, 004 §6.1). */
  'sdk',
  /** China Mobile's 获取用户信息 (loginTokenValidate) interface codes (seed 003 §4.2, 004 §6.2). */
  'gateway-login',
  /** China Mobile's 本机号码校验 (tokenValidate) interface codes (seed 003 §4.3, 004 §6.3). */
  'gateway-verify',
] as const;
export type CodeKind = (typeof codeKinds)[number];

/** Stable ids of the transcribed tables: `seed<doc>-<section>`. */
export const codeSourceIds = [
  'seed000-4.6.1',
  'seed000-4.6.2',
  'seed000-4.6.3',
  'seed000-4.7',
  'seed000-4.8',
  'seed001-7.1',
  'seed001-8.1',
  'seed001-8.2.1',
  'seed001-8.2.2',
  'seed001-8.2.3',
  'seed002-5',
  'seed003-4.1',
  'seed003-4.2',
  'seed003-4.3',
  'seed004-6.1',
  'seed004-6.2',
  'seed004-6.3',
] as const;
export type CodeSourceId = (typeof codeSourceIds)[number];

/** Which field of an auth record a code came from; decides which tables a lookup tries first. */
export const recordCodeFields = ['resultCode', 'carrierCode'] as const;
export type RecordCodeField = (typeof recordCodeFields)[number];

/** One row of one return-code table. */
export interface CodeEntry {
  source: CodeSourceId;
  /** Document name and section, e.g. '天翼云一键登录用户操作指南 §4.6.1'. */
  document: string;
  operator: Operator | null;
  kind: CodeKind;
  /** The code exactly as the table prints it (leading zeros and minus signs kept: '000', '-20101'). */
  code: string;
  /** The table's own description as the seed prints it (Chinese, a few rows English), whitespace normalised. */
  meaning: string;
  /** The English meaning: every row carries one, translated once and reviewed, shipped as data. */
  meaningEn: string;
  /** Our Chinese wording where the seed printed English (e.g. '200 Success'); the seed's text stays in `meaning`. */
  meaningZh?: string;
}

/** One transcribed table, described for pickers and the view's source column. */
export interface CodeSource {
  source: CodeSourceId;
  /** The table's heading in the document. */
  title: string;
  titleEn: string;
  document: string;
  operator: Operator | null;
  kind: CodeKind;
  count: number;
}

/** A table row as written in the table modules: code, the seed's meaning, English meaning, Chinese where the seed is English. */
export type CodeRow = readonly [code: string, meaning: string, meaningEn: string, meaningZh?: string];

export interface CodeTableMeta {
  source: CodeSourceId;
  title: string;
  titleEn: string;
  /** Document name without the section. */
  documentName: string;
  section: string;
  operator: Operator | null;
  kind: CodeKind;
}

export interface CodeTable {
  meta: CodeSource;
  entries: readonly CodeEntry[];
}

// Seeds are typeset by hand: runs of spaces, tabs and stray full-width blanks mean nothing.
function normaliseText(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}

/**
 * Builds a table from its rows. A (source, code) pair must be unique: where a seed lists the
 * same code twice, the table module merges the rows (and says so) instead of keeping both.
 */
export function defineTable(meta: CodeTableMeta, rows: readonly CodeRow[]): CodeTable {
  const document = `${meta.documentName} §${meta.section}`;
  const seen = new Set<string>();
  const entries = rows.map(([code, meaning, meaningEn, meaningZh]): CodeEntry => {
    const c = code.trim();
    if (seen.has(c)) throw new Error(`duplicate code ${c} in ${meta.source}`);
    seen.add(c);
    const entry: CodeEntry = {
      source: meta.source,
      document,
      operator: meta.operator,
      kind: meta.kind,
      code: c,
      meaning: normaliseText(meaning),
      meaningEn: normaliseText(meaningEn),
    };
    if (meaningZh !== undefined) entry.meaningZh = normaliseText(meaningZh);
    return Object.freeze(entry);
  });
  return {
    meta: { source: meta.source, title: meta.title, titleEn: meta.titleEn, document, operator: meta.operator, kind: meta.kind, count: entries.length },
    entries: Object.freeze(entries),
  };
}
