/**
 * What a rule reports when its condition holds: one Finding per thing it is about (an app ×
 * operator × capability, a package, an app in review …). `key` names that thing, so the same
 * condition found again is the same episode.
 */
import type { AlertLink, AlertRule, AlertScope, RuleConfig, TopCode } from '../../../../shared/contract/alerts';
import type { Operator } from '../../../../shared/platform/domain';
import type { AppRow } from '../records/app-directory';
import type { CellSet } from './rollup-query';

export type Numbers = Record<string, number | string | null>;

export interface Finding {
  readonly rule: AlertRule;
  readonly key: string;
  readonly scope: AlertScope;
  readonly subject: Record<string, string>;
  readonly numbers: Numbers;
  readonly topCodes: TopCode[];
  readonly detail: string;
  readonly link: AlertLink;
}

/** The parts of a finding people read (and the episode store writes), as opposed to what decides it. */
export interface FindingText {
  subject: Record<string, string>;
  topCodes: TopCode[];
  detail: string;
  link: AlertLink;
}

/**
 * A finding whose text is made on first read. After a sync page most findings only confirm an
 * episode already open (reconcile compares keys and states, episodes.ts): ranking top codes with
 * their meanings and formatting the detail for each of them would be most of an evaluation's
 * cost, and is needed only when an episode starts, repeats or resolves, or someone reads it.
 * The text must depend only on values fixed when the finding was made (numbers, snapshots, rows no
 * one changes), never on rollups kept and patched later: the text read later is the text of the
 * evaluation that found it. A rule that finds hundreds of things after every sync page may extend
 * this class and keep its figures in fields, its numbers then made on first read too (the same
 * figures, so the same numbers: after a sync page only episodes that open read them).
 */
export abstract class DeferredFinding implements Finding {
  private text: FindingText | null = null;
  constructor(
    readonly rule: AlertRule,
    readonly key: string,
    readonly scope: AlertScope,
    /**
     * The number of the cell (rollup-query.ts's) the finding is about, when it is about one:
     * evaluate.ts keeps a rule's findings of the cells a page did not touch by it.
     */
    readonly scopeCell: number | undefined,
  ) {}
  /** A field, or a getter that makes them on first read from the figures kept (always the same object). */
  abstract readonly numbers: Numbers;
  /** The text, from values fixed when the finding was made (called once). */
  protected abstract makeText(): FindingText;
  /** The text's parts in one read (opening an episode writes all four: one call rather than four getters). */
  readText(): FindingText {
    return (this.text ??= this.makeText());
  }
  get subject(): Record<string, string> {
    return this.readText().subject;
  }
  get topCodes(): TopCode[] {
    return this.readText().topCodes;
  }
  get detail(): string {
    return this.readText().detail;
  }
  get link(): AlertLink {
    return this.readText().link;
  }
  /** Whether the text has been made (tests: a sync page's reconcile should make none it does not write). */
  get textMade(): boolean {
    return this.text !== null;
  }
}

class LazyFinding extends DeferredFinding {
  constructor(
    rule: AlertRule,
    key: string,
    scope: AlertScope,
    readonly numbers: Numbers,
    private make: (() => FindingText) | null,
    scopeCell: number | undefined,
  ) {
    super(rule, key, scope, scopeCell);
  }
  protected makeText(): FindingText {
    const text = this.make!();
    this.make = null;
    return text;
  }
}

export function lazyFinding(rule: AlertRule, key: string, scope: AlertScope, numbers: Numbers, make: () => FindingText, scopeCell?: number): Finding {
  return new LazyFinding(rule, key, scope, numbers, make, scopeCell);
}

/** The cell number a rule gave its finding (evaluate.ts carries findings by it), if any. */
export function scopeCellOf(f: Finding): number | undefined {
  return f instanceof DeferredFinding ? f.scopeCell : undefined;
}

/** Whether a finding's text has been made (a plain finding's always has). */
export function findingTextMade(f: Finding): boolean {
  return !(f instanceof DeferredFinding) || f.textMade;
}

export interface RuleInput {
  now: number;
  apps: readonly AppRow[];
  /**
   * An incremental evaluation (evaluate.ts): only these cells (app × operator × capability, by
   * rollup-query.ts's cell number) and apps are looked at; the rest keep their previous findings.
   */
  only?: { cells: CellSet; apps: ReadonlySet<string> };
  /**
   * Reading ahead for a later `now` (evaluate.ts's prepareRules): the rules read what they will
   * need then, into the cache; their findings are thrown away.
   */
  prepare?: boolean;
}

/**
 * A rule input, always of one shape (every field present, in this order), however it is made: a
 * full pass, an incremental one after a sync page or reading ahead. With three shapes, the first
 * incremental pass to find a spike (a path that until then only full passes and reading ahead had
 * reached) met an input map its optimised code had not seen, and was deoptimised there.
 */
export function ruleInput(now: number, apps: readonly AppRow[], only: RuleInput['only'] = undefined, prepare = false): RuleInput {
  return { now, apps, only, prepare };
}

/**
 * The apps of an evaluation by id, and their labels as made (appLabel), once per list: rules look
 * an app up for every cell they report, and a page that opens a hundred episodes labels each.
 */
interface AppIndex {
  byId: Map<string, AppRow>;
  labels: Map<string, string>;
}
const indexes = new WeakMap<readonly AppRow[], AppIndex>();
function indexOf(apps: readonly AppRow[]): AppIndex {
  let index = indexes.get(apps);
  if (!index) {
    const byId = new Map<string, AppRow>();
    // The first of a repeated id wins, as a search of the list would find it.
    for (const a of apps) if (!byId.has(a.id)) byId.set(a.id, a);
    indexes.set(apps, (index = { byId, labels: new Map() }));
  }
  return index;
}
function appById(apps: readonly AppRow[], id: string): AppRow | undefined {
  return indexOf(apps).byId.get(id);
}

export function findingKey(rule: AlertRule, parts: readonly (string | undefined)[]): string {
  // Built by hand: made for every finding after every sync page.
  let key: string = rule;
  for (const p of parts) key += `|${p ?? '*'}`;
  return key;
}

/** Whether an app / operator falls in a rule's scope (apps by internal id or appId). */
export function inScope(config: RuleConfig, apps: readonly AppRow[], id: string | null, operator: Operator | null): boolean {
  if (operator !== null && config.scope.operators && !config.scope.operators.includes(operator)) return false;
  if (id !== null && config.scope.apps) {
    const appId = appById(apps, id)?.appId ?? null;
    if (!config.scope.apps.some((s) => s === id || (appId !== null && s === appId))) return false;
  }
  return true;
}

/** An app's name as alerts show it (made once per apps list and id: rows in the list are not changed). */
export function appLabel(apps: readonly AppRow[], id: string): string {
  const index = indexOf(apps);
  let label = index.labels.get(id);
  if (label === undefined) {
    const a = index.byId.get(id);
    index.labels.set(id, (label = a ? `${a.name} (${a.appId ?? a.id})` : id));
  }
  return label;
}

export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
/** Rates are stored rounded: the numbers are for people, and stable figures compare equal. */
export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
