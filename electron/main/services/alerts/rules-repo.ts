/**
 * alert_rules: each rule's configuration. A rule never configured reads as its defaults, and a
 * stored configuration is completed with defaults added later (new thresholds), so the table
 * only ever holds what the user changed.
 */
import { ApiError } from '../../../../shared/contract/errors';
import { alertRules, ruleConfigSchema, ruleParamSchemas, type AlertRule, type RuleConfig } from '../../../../shared/contract/alerts';
import type { Db } from '../db/open';

/** Rules about traffic wait this long with the condition gone before resolving (a dip is not an end). */
const TRAFFIC_RULES: readonly AlertRule[] = ['failureSpike', 'successBelow', 'volumeDrop', 'codeSurge'];

export function defaultRuleConfig(rule: AlertRule): RuleConfig {
  return {
    rule,
    enabled: true,
    params: ruleParamSchemas[rule].parse({}) as Record<string, number>,
    scope: { apps: null, operators: null },
    quietHours: null,
    channels: [],
    repeatMinutes: 0,
    resolveAfterMinutes: TRAFFIC_RULES.includes(rule) ? 10 : 0,
  };
}

/** Params completed with defaults and checked against the rule's schema (unknown keys refused). */
export function checkedParams(rule: AlertRule, params: Record<string, number>): Record<string, number> {
  const parsed = ruleParamSchemas[rule].safeParse(params);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[`params.${i.path.join('.') || (i as { keys?: string[] }).keys?.join(',') || ''}`] ??= i.message;
    throw new ApiError(
      'INVALID_INPUT',
      `invalid ${rule} thresholds — ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
      { fields },
    );
  }
  return parsed.data as Record<string, number>;
}

function fromStored(rule: AlertRule, json: string): RuleConfig {
  const base = defaultRuleConfig(rule);
  try {
    const stored = JSON.parse(json) as Partial<RuleConfig>;
    const merged = ruleConfigSchema.parse({ ...base, ...stored, rule, params: { ...base.params, ...(stored.params ?? {}) } });
    return { ...merged, params: checkedParams(rule, merged.params) };
  } catch {
    // A row this version cannot read (hand-edited, or from a newer console) falls back to defaults.
    return base;
  }
}

export interface RulesRepo {
  all(): RuleConfig[];
  get(rule: AlertRule): RuleConfig;
  put(config: RuleConfig, now: number): void;
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/**
 * Configurations as read, by rule and stored text (none: the defaults). The service reads them
 * before every evaluation, after every sync page; checking each against its schemas again each
 * time cost more than evaluating. Frozen, since every reader shares them; bounded.
 */
const readConfigs = new Map<string, RuleConfig>();
function configOf(rule: AlertRule, json: string | undefined): RuleConfig {
  const key = `${rule}\u0000${json ?? ''}`;
  let c = readConfigs.get(key);
  if (!c) {
    if (readConfigs.size >= 512) readConfigs.clear();
    readConfigs.set(key, (c = deepFreeze(json === undefined ? defaultRuleConfig(rule) : fromStored(rule, json))));
  }
  return c;
}

const repos = new WeakMap<Db, RulesRepo>();

/** The rules' statements, prepared once per database. */
export function rulesRepo(db: Db): RulesRepo {
  let repo = repos.get(db);
  if (!repo) repos.set(db, (repo = prepareRulesRepo(db)));
  return repo;
}

/**
 * Where alert_rules lives for this connection ('main', or the schema a team workspace's console
 * state is attached under: team-store/local-state.ts), so its data_version is the right file's.
 */
function rulesSchema(db: Db): string {
  const schema = db.prepare<[], string>("SELECT schema FROM pragma_table_list WHERE name = 'alert_rules' ORDER BY schema = 'main' DESC").pluck().get();
  return schema ?? 'main';
}

function prepareRulesRepo(db: Db): RulesRepo {
  const sel = db.prepare<[], { rule: string; config: string }>('SELECT rule, config FROM alert_rules');
  const upsert = db.prepare(
    'INSERT INTO alert_rules (rule, config, updated_at) VALUES (?, ?, ?) ON CONFLICT(rule) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at',
  );
  const version = db.prepare(`PRAGMA "${rulesSchema(db).replaceAll('"', '""')}".data_version`).pluck();
  /**
   * The configurations last read, and the rules version they were read at: this connection's
   * writes (put) and SQLite's data_version of the table's file (other connections' commits).
   * The service reads them before every evaluation, after every sync page: reading ten rows and
   * looking each text up cost 0.15–0.26 ms and a few KB a page, for a table that changes when a
   * user edits a rule. Not kept from inside a transaction (its writes may be rolled back).
   */
  let writes = 0;
  let kept: { writes: number; version: number; configs: readonly RuleConfig[] } | null = null;
  const read = (): readonly RuleConfig[] => {
    const v = version.get() as number;
    if (kept && kept.writes === writes && kept.version === v) return kept.configs;
    const stored = new Map(sel.all().map((r) => [r.rule, r.config]));
    const configs = Object.freeze(alertRules.map((rule) => configOf(rule, stored.get(rule))));
    kept = db.inTransaction ? null : { writes, version: v, configs };
    return configs;
  };
  return {
    all: () => read().slice(),
    get: (rule) => read().find((r) => r.rule === rule)!,
    put(config, now) {
      writes++;
      upsert.run(config.rule, JSON.stringify(config), now);
    },
  };
}
