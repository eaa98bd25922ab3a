/**
 * vue-i18n for the whole renderer. Each area keeps its strings in `messages/<area>.ts`
 * (`{ 'zh-CN': { <area>: {...} }, 'en-US': { <area>: {...} } }`); this module deep-merges
 * them so views call `t('<area>.<key>')`. zh-CN is the default and the fallback.
 *
 * CSP: the page forbids eval. vue-i18n 11 compiles messages to an AST and interprets it
 * (JIT mode, on by default), so no `new Function` is ever built.
 */
import { createI18n } from 'vue-i18n';
import type { Settings } from '../../shared/contract/settings';
import common from './messages/common';
import settings from './messages/settings';
import sync from './messages/sync';
import dashboard from './messages/dashboard';
import records from './messages/records';
import stats from './messages/stats';
import codes from './messages/codes';
import billing from './messages/billing';
import apps from './messages/apps';
import audit from './messages/audit';
import alerts from './messages/alerts';
import toolkit from './messages/toolkit';
import triage from './messages/triage';
import backup from './messages/backup';
import providers from './messages/providers';
import archive from './messages/archive';

export type Locale = Settings['locale'];
export const SUPPORTED_LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

type MessageTree = { [key: string]: string | MessageTree };
export type AreaMessages = Record<Locale, Record<string, unknown>>;

/** Every area's message module, in one list so the parity test sees the same set. */
export const areaMessageModules: Record<string, AreaMessages> = {
  common,
  settings,
  sync,
  dashboard,
  records,
  stats,
  codes,
  billing,
  apps,
  audit,
  alerts,
  toolkit,
  triage,
  backup,
  providers,
  archive,
};

function isTree(v: unknown): v is MessageTree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge; a later module adding a key that an earlier one already defines is a bug, so it throws. */
export function deepMerge(target: MessageTree, source: Record<string, unknown>, path = ''): MessageTree {
  for (const [key, value] of Object.entries(source)) {
    const here = path ? `${path}.${key}` : key;
    const existing = target[key];
    if (isTree(value)) {
      if (existing !== undefined && !isTree(existing)) throw new Error(`i18n key ${here} is both a message and a group`);
      target[key] = deepMerge(isTree(existing) ? existing : {}, value, here);
    } else if (typeof value === 'string') {
      if (existing !== undefined) throw new Error(`i18n key ${here} is defined twice`);
      target[key] = value;
    } else {
      throw new Error(`i18n key ${here} must be a string or a group`);
    }
  }
  return target;
}

export function mergeMessages(modules: Iterable<AreaMessages>): Record<Locale, MessageTree> {
  const out = Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, {} as MessageTree])) as Record<Locale, MessageTree>;
  for (const mod of modules) for (const l of SUPPORTED_LOCALES) deepMerge(out[l], mod[l] ?? {});
  return out;
}

export const messages = mergeMessages(Object.values(areaMessageModules));

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(v);
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
});

/** Switches every `t()` and the document language (screen readers, CJK line breaking). */
export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
